using System.Diagnostics;
using Autograd;
using static Autograd.torch;

namespace Autograd.Samples;

/// <summary>7. The backward graph of a small network drawn with Graphviz: rendered to SVG when `dot` is installed
/// (apt-get install graphviz), printed as DOT text otherwise.</summary>
public static class GraphSample
{
    public static void Graph(TextWriter o)
    {
        manual_seed(Tutorial.Seed);
        var w1 = randn(4, 3, requires_grad: true);
        var b1 = zeros(3, requires_grad: true);
        var w2 = randn(3, 1, requires_grad: true);
        var x = randn(8, 4);
        var y = (tanh(x.matmul(w1) + b1).matmul(w2)).pow(2).mean();
        string dot = autograd.graph.to_dot(y, [("w1", w1), ("b1", b1), ("w2", w2)], show_saved: true);
        string svg = Path.Combine(Path.GetTempPath(), "autograd_graph.svg");
        if (TryRender(dot, svg)) o.WriteLine($"wrote {svg}");
        else o.Write(dot);
    }

    /// <summary>Pipes the DOT text to `dot -Tsvg`; false when Graphviz is not installed or fails.</summary>
    private static bool TryRender(string dot, string path)
    {
        try
        {
            var start = new ProcessStartInfo("dot", ["-Tsvg", "-o", path]) { RedirectStandardInput = true, UseShellExecute = false };
            using Process p = Process.Start(start)!;
            p.StandardInput.Write(dot);
            p.StandardInput.Close();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no `dot` on the PATH
        }
    }
}
