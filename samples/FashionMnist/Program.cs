using System.Globalization;
using Autograd.Samples.FashionMnist;

// dotnet run -c Release --project samples/FashionMnist [-- --model cnn --epochs 4 ...]   (--help lists the options)
// Exit codes: 0 trained, 1 data or checkpoint missing or unreadable, 2 bad command line.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Options options;
try
{
    options = Options.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{Options.Usage}");
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

try
{
    return Run.Train(options);
}
catch (Exception e) when (e is DataMissingException or InvalidDataException or FileNotFoundException or UsageException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return e is UsageException ? 2 : 1;
}
