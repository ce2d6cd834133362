using System.Text;

namespace Autograd;

public static partial class torch
{
    public static partial class nn
    {
        public partial class Module
        {
            /// <summary>The module's own settings as its printout shows them, e.g. <c>in_features=4, out_features=2,
            /// bias=True</c> (PyTorch's <c>extra_repr</c>); empty by default. May span several lines.</summary>
            public virtual string extra_repr() => "";

            /// <summary>
            /// PyTorch's repr: the class name, then <see cref="extra_repr"/> and every child as <c>(name): repr</c>,
            /// one per line indented by two spaces: <c>Linear(in_features=4, out_features=2, bias=True)</c>,
            /// <c>Sequential(\n  (0): Linear(…)\n  (1): ReLU()\n)</c>.
            /// </summary>
            public override string ToString()
            {
                string extra = extra_repr();
                var extraLines = extra.Length == 0 ? [] : extra.Split('\n');
                var childLines = _modules.Items.Select(c => $"({c.name}): {Indent(c.value.ToString(), 2)}").ToList();
                var sb = new StringBuilder(ClassName()).Append('(');
                if (extraLines.Length == 1 && childLines.Count == 0) sb.Append(extraLines[0]);
                else if (extraLines.Length + childLines.Count > 0)
                    sb.Append("\n  ").Append(string.Join("\n  ", extraLines.Concat(childLines))).Append('\n');
                return sb.Append(')').ToString();
            }

            /// <summary>PyTorch's _addindent: every line but the first indented by <paramref name="spaces"/>.</summary>
            private static string Indent(string s, int spaces) =>
                s.Replace("\n", "\n" + new string(' ', spaces), StringComparison.Ordinal);

            /// <summary>A Python float's repr (<c>0.01</c>, <c>1e-05</c>, <c>1.0</c>), as extra_repr prints hyper-parameters.</summary>
            protected static string PyFloat(double v) => PyRepr.Float(v);

            /// <summary>A Python tuple of ints' repr: <c>(3, 3)</c>, and <c>(3,)</c> for one element.</summary>
            protected static string PyTuple(IReadOnlyList<long> v) => v.Count == 1 ? $"({v[0]},)" : $"({string.Join(", ", v)})";

            /// <summary>A Python bool's repr (<c>True</c> / <c>False</c>).</summary>
            protected static string PyBool(bool v) => v ? "True" : "False";
        }
    }
}
