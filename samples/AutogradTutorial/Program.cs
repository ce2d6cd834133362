using Autograd.Samples;

// dotnet run --project samples/AutogradTutorial [-- N]   (N = 1..7; default 6, the linear regression; 7 draws a graph)
int which = args.Length > 0 && int.TryParse(args[0], out int n) ? n : 6;
Action<TextWriter> program = which switch
{
    1 => Tutorial.Gradients,
    2 => Tutorial.Jacobian,
    3 => Tutorial.StoppingGradients,
    4 => Tutorial.ZeroingGradients,
    5 => Tutorial.Backprop,
    6 => Tutorial.LinearRegression,
    7 => GraphSample.Graph,
    _ => throw new ArgumentOutOfRangeException(nameof(args), $"program {which} does not exist: choose 1..7"),
};
program(Console.Out);
