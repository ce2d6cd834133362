using System.Reflection;
using System.Text;

namespace Autograd;

public static partial class torch
{
    public static partial class autograd
    {
        public static partial class graph
        {
            /// <summary>Every backward node reachable from <paramref name="roots"/>' <c>grad_fn</c>s (and leaf accumulators),
            /// each once, breadth first from the roots along <see cref="Node.next_functions"/>.</summary>
            public static IEnumerable<Node> nodes(params Tensor[] roots) => GraphWalk.Nodes(roots);

            /// <summary>The leaf tensors that require grad and that a backward from <paramref name="roots"/> would accumulate
            /// into (each once, in <see cref="nodes"/>' order).</summary>
            public static IEnumerable<Tensor> leaves(params Tensor[] roots) =>
                GraphWalk.Nodes(roots).OfType<AccumulateGrad>().Select(a => a.Variable);

            /// <summary>
            /// The backward graph of <paramref name="roots"/> in Graphviz's DOT language, as torchviz's <c>make_dot</c> draws it:
            /// one box per node named by its <c>grad_fn</c> name, leaves (light blue) by the name <paramref name="params"/> gives
            /// them and their shape, outputs (green) by shape, edges in the direction gradients flow from. With
            /// <paramref name="show_saved"/>, tensors nodes saved for backward (orange) are drawn too, named by their field.
            /// Render with <c>dot -Tsvg</c>.
            /// </summary>
            /// <param name="roots">The outputs whose graph is drawn.</param>
            /// <param name="params">Names for leaves, e.g. a module's <c>named_parameters()</c>; unnamed leaves
            /// show only their shape.</param>
            /// <param name="show_saved">Also draw the tensors saved for backward (not yet freed).</param>
            public static string to_dot(IList<Tensor> roots, IEnumerable<(string name, Tensor tensor)>? @params = null,
                                        bool show_saved = false) =>
                GraphWalk.Dot(roots, @params, show_saved);

            /// <summary><see cref="to_dot(IList{Tensor}, IEnumerable{ValueTuple{string, Tensor}}?, bool)"/> for one output.</summary>
            public static string to_dot(Tensor root, IEnumerable<(string name, Tensor tensor)>? @params = null, bool show_saved = false) =>
                GraphWalk.Dot([root], @params, show_saved);
        }
    }
}

/// <summary>Graph traversal and DOT export (a debugging aid: saved tensors are found by reflection, never unpacked).</summary>
internal static class GraphWalk
{
    internal static List<Node> Nodes(IEnumerable<Tensor> roots)
    {
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var order = new List<Node>();
        var queue = new Queue<Node>();
        foreach (Tensor r in roots)
            if (Graph.EdgeOf(r).Function is Node f && seen.Add(f)) queue.Enqueue(f);
        while (queue.Count > 0)
        {
            Node n = queue.Dequeue();
            order.Add(n);
            foreach (InputInfo input in n._inputs)
                if (input.Function is Node f && seen.Add(f)) queue.Enqueue(f);
        }
        return order;
    }

    private static string Size(Tensor t) => "(" + string.Join(", ", t.shape) + ")";

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    internal static string Dot(IList<Tensor> roots, IEnumerable<(string name, Tensor tensor)>? names, bool showSaved)
    {
        var nameOf = new Dictionary<Tensor, string>(ReferenceEqualityComparer.Instance);
        if (names is not null) foreach ((string name, Tensor t) in names) nameOf.TryAdd(t, name);
        var ids = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        string Id(object o)
        {
            if (!ids.TryGetValue(o, out string? id)) ids[o] = id = "n" + ids.Count;
            return id;
        }
        var dot = new StringBuilder();
        dot.AppendLine("digraph {");
        dot.AppendLine("\tgraph [size=\"12,12\"]");
        dot.AppendLine("\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]");
        foreach (Tensor r in roots)
        {
            dot.AppendLine(
                $"\t{Id(r)} [label={Quote((nameOf.TryGetValue(r, out string? rn) ? rn + "\n" : "") + Size(r))} fillcolor=darkolivegreen1]");
            if (Graph.EdgeOf(r).Function is Node f) dot.AppendLine($"\t{Id(f)} -> {Id(r)}");
        }
        foreach (Node n in Nodes(roots))
        {
            if (n is AccumulateGrad acc)
            {
                Tensor v = acc.Variable;
                string label = (nameOf.TryGetValue(v, out string? vn) ? vn + "\n " : "") + Size(v);
                dot.AppendLine($"\t{Id(n)} [label={Quote(label)} fillcolor=lightblue]");
            }
            else dot.AppendLine($"\t{Id(n)} [label={Quote(n.name())} fillcolor=lightgrey]");
            foreach (InputInfo input in n._inputs)
                if (input.Function is Node f) dot.AppendLine($"\t{Id(f)} -> {Id(n)}");
            if (!showSaved || n is AccumulateGrad) continue;
            foreach ((string field, Tensor t) in Saved(n))
            {
                string sid = Id(new object());
                dot.AppendLine($"\t{sid} [label={Quote(field + "\n" + Size(t))} fillcolor=orange]");
                dot.AppendLine($"\t{sid} -> {Id(n)} [dir=none]");
            }
        }
        dot.AppendLine("}");
        return dot.ToString();
    }

    /// <summary>The tensors a node still holds for backward, by field name: SavedTensor fields and arrays of them.</summary>
    private static IEnumerable<(string, Tensor)> Saved(Node n)
    {
        for (Type? type = n.GetType(); type is not null && type != typeof(Node); type = type.BaseType)
            foreach (FieldInfo f in type.GetFields(
                BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                string name = f.Name.Replace("<", "").Replace(">P", "").TrimStart('_');
                if (name.Length > 0) name = char.ToLowerInvariant(name[0]) + name[1..]; // PyTorch's _saved_self, _saved_other
                if (f.FieldType == typeof(SavedTensor))
                {
                    if (((SavedTensor)f.GetValue(n)!).Peek() is Tensor t) yield return (name, t);
                }
                else if (f.FieldType == typeof(SavedTensor[]) && f.GetValue(n) is SavedTensor[] array)
                    for (int i = 0; i < array.Length; i++)
                        if (array[i].Peek() is Tensor t) yield return ($"{name}[{i}]", t);
            }
    }
}
