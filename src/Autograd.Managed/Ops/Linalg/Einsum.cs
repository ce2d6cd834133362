namespace Autograd.Ops;

/// <summary>
/// PyTorch's einsum. Each operand's subscripts become integer labels ('A'-'Z' are 0-25, 'a'-'z' 26-51, the
/// dims an ellipsis stands for 52 and up, right-aligned across operands so they broadcast). A label repeated
/// within an operand takes its diagonal; labels that appear in one operand only and not in the output are
/// summed at once; then operands are contracted left to right, each pair as one bmm of
/// [shared kept labels, left labels, contracted labels] by [shared, contracted, right]. Everything is a
/// view, sum, expand, reshape or bmm, so gradients and double backward come from those ops.
/// </summary>
internal static class Einsum
{
    private const int EllipsisBase = 52;

    internal static Tensor Compute(string equation, Tensor[] operands)
    {
        string eq = equation.Replace(" ", "");
        int arrow = eq.IndexOf("->", StringComparison.Ordinal);
        string[] terms = (arrow < 0 ? eq : eq[..arrow]).Split(',');
        if (operands.Length == 0) throw new ArgumentException("einsum(): must provide at least one operand");
        if (terms.Length > operands.Length)
            throw new ArgumentException("einsum(): fewer operands were provided than specified in the equation");
        if (terms.Length < operands.Length)
            throw new ArgumentException("einsum(): more operands were provided than specified in the equation");

        // parse each operand's subscripts; -1 marks where its ellipsis goes
        var parsed = new List<int>[terms.Length];
        int position = 0, ellipsisDims = 0;
        for (int k = 0; k < terms.Length; k++)
        {
            parsed[k] = Parse(terms[k], position, allowEllipsis: true);
            position += terms[k].Length + 1;
            int explicitCount = parsed[k].Count(l => l >= 0);
            bool hasEllipsis = parsed[k].Contains(-1);
            int rank = operands[k]._shape.Length;
            if (hasEllipsis ? explicitCount > rank : explicitCount != rank)
                throw new ArgumentException(hasEllipsis
                    ? $"einsum(): the number of subscripts in the equation ({explicitCount}) is more than the number of " +
                        $"dimensions ({rank}) for operand {k}"
                    : $"einsum(): the number of subscripts in the equation ({explicitCount}) does not match the number of " +
                        $"dimensions ({rank}) for operand {k} and no ellipsis was given");
            if (hasEllipsis) ellipsisDims = Math.Max(ellipsisDims, rank - explicitCount);
        }

        // expand each ellipsis into its right-aligned global labels
        var labels = new List<int>[terms.Length];
        for (int k = 0; k < terms.Length; k++)
        {
            int own = operands[k]._shape.Length - parsed[k].Count(l => l >= 0);
            labels[k] = [];
            foreach (int l in parsed[k])
                if (l >= 0) labels[k].Add(l);
                else for (int j = 0; j < own; j++) labels[k].Add(EllipsisBase + ellipsisDims - own + j);
        }

        List<int> output;
        if (arrow >= 0)
        {
            output = [];
            foreach (int l in Parse(eq[(arrow + 2)..], arrow + 2, allowEllipsis: true))
            {
                if (l < 0) { for (int j = 0; j < ellipsisDims; j++) output.Add(EllipsisBase + j); continue; }
                if (output.Contains(l))
                    throw new ArgumentException($"einsum(): output subscript {Letter(l)} appears more than once in the output");
                if (!labels.Any(ls => ls.Contains(l)))
                    throw new ArgumentException(
                        $"einsum(): output subscript {Letter(l)} does not appear in the equation for any input operand");
                output.Add(l);
            }
        }
        else
        {
            // implicit output: the ellipsis dims, then the letters used exactly once, in label order
            output = [.. Enumerable.Range(EllipsisBase, ellipsisDims)];
            var once = labels.SelectMany(ls => ls).Where(l => l < EllipsisBase)
                .GroupBy(l => l).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(l => l);
            output.AddRange(once);
        }

        // sizes per label: 1 broadcasts against any size
        var size = new Dictionary<int, long>();
        var tensors = new Tensor[operands.Length];
        for (int k = 0; k < operands.Length; k++)
        {
            (tensors[k], labels[k]) = Diagonals(operands[k], labels[k], k);
            for (int d = 0; d < labels[k].Count; d++)
            {
                long s = tensors[k]._shape[d];
                int l = labels[k][d];
                if (size.TryGetValue(l, out long seen) && seen != s && seen != 1 && s != 1)
                    throw new ArgumentException(
                        $"einsum(): operands do not broadcast with remapped shapes (original->remapped): subscript {Letter(l)} " +
                        $"has sizes {seen} and {s}");
                if (!size.ContainsKey(l) || seen == 1) size[l] = s;
            }
        }

        Tensor current = tensors[0];
        List<int> curLabels = labels[0];
        bool NeededAfter(int l, int k) => output.Contains(l) || labels.Skip(k + 1).Any(ls => ls.Contains(l));
        for (int k = 1; k < tensors.Length; k++)
        {
            List<int> right = labels[k];
            (current, curLabels) = SumOut(current, curLabels, l => !right.Contains(l) && !NeededAfter(l, k));
            List<int> leftNow = curLabels;
            (Tensor other, List<int> otherLabels) = SumOut(tensors[k], right, l => !leftNow.Contains(l) && !NeededAfter(l, k));
            var batch = curLabels.Where(l => otherLabels.Contains(l) && NeededAfter(l, k)).ToList();
            var contracted = curLabels.Where(l => otherLabels.Contains(l) && !NeededAfter(l, k)).ToList();
            var leftOnly = curLabels.Where(l => !otherLabels.Contains(l)).ToList();
            var rightOnly = otherLabels.Where(l => !curLabels.Contains(l)).ToList();
            Tensor a = Arrange(current, curLabels, [.. batch, .. leftOnly, .. contracted], size, [batch, leftOnly, contracted]);
            Tensor b = Arrange(other, otherLabels, [.. batch, .. contracted, .. rightOnly], size, [batch, contracted, rightOnly]);
            current = a.bmm(b).reshape(
                [.. batch.Select(l => size[l]), .. leftOnly.Select(l => size[l]), .. rightOnly.Select(l => size[l])]);
            curLabels = [.. batch, .. leftOnly, .. rightOnly];
        }
        (current, curLabels) = SumOut(current, curLabels, l => !output.Contains(l));
        // an output label whose operands all had size 1 for it stays 1; permute into the output's order
        return current.permute(output.Select(l => (long)curLabels.IndexOf(l)).ToArray());
    }

    private static List<int> Parse(string term, int offset, bool allowEllipsis)
    {
        var result = new List<int>();
        bool seenEllipsis = false;
        for (int i = 0; i < term.Length; i++)
        {
            char c = term[i];
            if (c == '.')
            {
                if (!allowEllipsis || seenEllipsis || i + 2 >= term.Length || term[i + 1] != '.' || term[i + 2] != '.')
                    throw new ArgumentException(
                        $"einsum(): found '.' for operand at position {offset + i} that is not part of any ellipsis");
                seenEllipsis = true;
                result.Add(-1);
                i += 2;
            }
            else if (c is >= 'A' and <= 'Z') result.Add(c - 'A');
            else if (c is >= 'a' and <= 'z') result.Add(c - 'a' + 26);
            else throw new ArgumentException(
                $"einsum(): invalid subscript given at index {offset + i} in the equation string, subscripts must be in [a-zA-Z]");
        }
        return result;
    }

    private static char Letter(int label) => label < 26 ? (char)('A' + label) : (char)('a' + label - 26);

    /// <summary>Takes the diagonal of every label repeated within one operand (the label moves to the end).</summary>
    private static (Tensor, List<int>) Diagonals(Tensor x, List<int> labels, int operand)
    {
        labels = [.. labels];
        for (int i = 0; i < labels.Count; i++)
        {
            int j = labels.IndexOf(labels[i], i + 1);
            if (j < 0) continue;
            if (x._shape[i] != x._shape[j])
                throw new ArgumentException(
                    $"einsum(): subscript {Letter(labels[i])} is repeated for operand {operand} but the sizes don't match, " +
                    $"{x._shape[j]} != {x._shape[i]}");
            int l = labels[i];
            x = x.diagonal(0, i, j);
            labels.RemoveAt(j);
            labels.RemoveAt(i);
            labels.Add(l);
            i--;
        }
        return (x, labels);
    }

    private static (Tensor, List<int>) SumOut(Tensor x, List<int> labels, Func<int, bool> drop)
    {
        long[] dims = Enumerable.Range(0, labels.Count).Where(d => drop(labels[d])).Select(d => (long)d).ToArray();
        if (dims.Length == 0) return (x, labels);
        return (x.sum(dims), labels.Where(l => !drop(l)).ToList());
    }

    /// <summary>x permuted into <paramref name="order"/>, expanded to the labels' sizes and reshaped to one dim per group.</summary>
    private static Tensor Arrange(Tensor x, List<int> labels, List<int> order, Dictionary<int, long> size, List<int>[] groups)
    {
        Tensor permuted = x.permute(order.Select(l => (long)labels.IndexOf(l)).ToArray());
        long[] full = order.Select(l => size[l]).ToArray();
        if (!permuted._shape.SequenceEqual(full)) permuted = permuted.expand(full);
        return permuted.reshape(groups.Select(g => g.Aggregate(1L, (s, l) => s * size[l])).ToArray());
    }
}
