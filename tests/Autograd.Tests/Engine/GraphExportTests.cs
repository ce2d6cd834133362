using Autograd;

namespace Autograd.Tests;

/// <summary>torch.autograd.graph traversal and DOT export (torchviz's drawing: grad_fn names, named leaves, outputs, saved tensors).</summary>
public class GraphExportTests
{
    [Fact]
    public void Nodes_are_walked_once_breadth_first_and_leaves_are_the_accumulated_tensors()
    {
        Tensor a = torch.tensor(new double[] { 1, 2 }).requires_grad_(), b = torch.tensor(new double[] { 3, 4 }).requires_grad_();
        Tensor y = (a * b).sum() + a.exp().sum();
        Assert.Equal(["AddBackward0", "SumBackward0", "SumBackward0", "MulBackward0", "ExpBackward0",
                      "torch::autograd::AccumulateGrad", "torch::autograd::AccumulateGrad"],
                     torch.autograd.graph.nodes(y).Select(n => n.name()).ToArray());
        Tensor[] leaves = torch.autograd.graph.leaves(y).ToArray();
        Assert.Equal(2, leaves.Length);
        Assert.Same(a, leaves[0]);
        Assert.Same(b, leaves[1]);
        Assert.Empty(torch.autograd.graph.nodes(torch.ones(2)));
    }

    [Fact]
    public void Dot_draws_grad_fns_named_leaves_and_outputs_with_their_shapes()
    {
        Tensor x = torch.ones(4, 3), w = torch.ones(3, 2).requires_grad_(), bias = torch.zeros(2).requires_grad_();
        Tensor y = (x.matmul(w) + bias).tanh();
        string dot = torch.autograd.graph.to_dot(y, [("weight", w), ("bias", bias)]);
        string[] lines = dot.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("digraph {", lines[0]);
        Assert.Equal("}", lines[^1]);
        Assert.Contains("\tn0 [label=\"(4, 2)\" fillcolor=darkolivegreen1]", lines);
        Assert.Contains("\tn1 -> n0", lines); // the output's grad_fn feeds the output box
        Assert.Contains("\tn1 [label=\"TanhBackward0\" fillcolor=lightgrey]", lines);
        Assert.Single(lines, l => l.Contains("label=\"AddBackward0\""));
        Assert.Single(lines, l => l.Contains("label=\"MmBackward0\""));
        Assert.Single(lines, l => l.Contains("label=\"weight\\n (3, 2)\" fillcolor=lightblue"));
        Assert.Single(lines, l => l.Contains("label=\"bias\\n (2)\" fillcolor=lightblue"));
        // one edge per recorded input that needs a gradient, plus the output's
        int edges = torch.autograd.graph.nodes(y).Sum(n => n.next_functions.Count(f => f.Function is not null)) + 1;
        Assert.Equal(edges, lines.Count(l => l.Contains("->")));
        Assert.DoesNotContain("orange", dot);
    }

    [Fact]
    public void Saved_tensors_are_drawn_on_request_until_backward_frees_them()
    {
        Tensor a = torch.tensor(new double[] { 1, 2, 3 }).requires_grad_();
        Tensor y = a.exp().sum();
        string dot = torch.autograd.graph.to_dot(y, show_saved: true);
        Assert.Single(dot.Split('\n'), l => l.Contains("fillcolor=orange") && l.Contains("\\n(3)"));
        Assert.Contains("[dir=none]", dot);
        y.backward();
        Assert.DoesNotContain("orange", torch.autograd.graph.to_dot(y, show_saved: true));
    }
}
