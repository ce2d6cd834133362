namespace Autograd.Benchmarks;

/// <summary>Placeholder; filled in below.</summary>
public static class Profile
{
    public static int Run(string[] args) => 0;
}
