using Autograd;
using ts = TorchSharp.torch;
using F = Autograd.torch.nn.functional;
using TF = TorchSharp.torch.nn.functional;

namespace Autograd.Tests;

/// <summary>The convolution backward kernels read the upstream gradient in place when its pixels are evenly spaced
/// and copy it otherwise. Each layout below reaches them from a different head on the convolution's output, and the
/// gradients of input, weight and bias must match LibTorch's: a sum (every stride 0), a sum over the channels
/// (channel stride 0), a sum over the pixels (pixel stride 0), and a transposed gradient (a 2-d convolution's pixels
/// are then not evenly spaced and it is copied; a 1-d one's are, channel stride 1 and pixel stride the channel
/// count). ConvTranspose2d's forward is the input-gradient kernel, so its input takes the same path: a channel
/// slice is read in place, a transposed input is copied.</summary>
public class ConvGradLayoutTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string conv in new[] { "conv2d_strided_grouped", "conv2d_dilated", "conv1d", "conv_transpose2d", "conv_transpose2d_sliced", "conv_transpose2d_transposed" })
            foreach (string head in new[] { "sum", "sum_channels", "sum_pixels", "transposed" })
                data.Add(conv, head);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradients_match_libtorch(string conv, string head)
    {
        var rng = new Random(Oracle.Seed(conv + head));
        double[] Values(long n) => Enumerable.Range(0, (int)n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        (long[] xs, long[] ws, long cb) = conv switch
        {
            "conv2d_strided_grouped" => (new long[] { 3, 4, 9, 8 }, new long[] { 6, 2, 3, 3 }, 6L),
            "conv2d_dilated" => ([3, 3, 10, 9], [5, 3, 3, 3], 5L),
            "conv1d" => ([3, 4, 11], [6, 4, 3], 6L),
            "conv_transpose2d" => ([2, 4, 5, 6], [4, 3, 3, 3], 3L),
            "conv_transpose2d_sliced" => ([2, 8, 5, 6], [4, 3, 3, 3], 3L),
            _ => ([2, 4, 6, 5], [4, 3, 3, 3], 3L),
        };
        double[] xv = Values(xs.Aggregate(1L, (a, b) => a * b)), wv = Values(ws.Aggregate(1L, (a, b) => a * b)), bv = Values(cb);
        Tensor x = torch.tensor(xv, xs).requires_grad_(true), w = torch.tensor(wv, ws).requires_grad_(true);
        Tensor b = torch.tensor(bv, [cb]).requires_grad_(true);
        ts.Tensor tx = ts.tensor(xv, xs).requires_grad_(true), tw = ts.tensor(wv, ws).requires_grad_(true);
        ts.Tensor tb = ts.tensor(bv, [cb]).requires_grad_(true);

        Tensor y;
        ts.Tensor ty;
        switch (conv)
        {
            case "conv2d_strided_grouped":
                y = F.conv2d(x, w, b, strides: [2], padding: [1], groups: 2);
                ty = TF.conv2d(tx, tw, tb, strides: [2], padding: [1], groups: 2);
                break;
            case "conv2d_dilated":
                y = F.conv2d(x, w, b, padding: [2], dilation: [2]);
                ty = TF.conv2d(tx, tw, tb, padding: [2], dilation: [2]);
                break;
            case "conv1d":
                y = F.conv1d(x, w, b, padding: 1);
                ty = TF.conv1d(tx, tw, tb, padding: 1);
                break;
            case "conv_transpose2d":
                y = F.conv_transpose2d(x, w, b, strides: [2], padding: [1]);
                ty = TF.conv_transpose2d(tx, tw, tb, strides: [2], padding: [1]);
                break;
            case "conv_transpose2d_sliced": // 4 of 8 channels: samples 8 H W apart, pixels contiguous
                y = F.conv_transpose2d(x.narrow(1, 2, 4), w, b, strides: [2]);
                ty = TF.conv_transpose2d(tx.narrow(1, 2, 4), tw, tb, strides: [2]);
                break;
            default: // an input whose H and W are swapped views
                y = F.conv_transpose2d(x.transpose(2, 3), w, b, padding: [1]);
                ty = TF.conv_transpose2d(tx.transpose(2, 3), tw, tb, padding: [1]);
                break;
        }

        long[] spatial = Enumerable.Range(2, (int)y.dim() - 2).Select(d => (long)d).ToArray();
        long[] headShape = head switch
        {
            "sum_channels" => [y.shape[0], .. y.shape[2..]],
            "sum_pixels" => [y.shape[0], y.shape[1]],
            "transposed" => [.. y.transpose(1, -1).shape],
            _ => [],
        };
        double[] hv = Values(headShape.Aggregate(1L, (a, c) => a * c));
        Tensor v = torch.tensor(hv, headShape);
        ts.Tensor tv = ts.tensor(hv, headShape);
        Tensor loss = head switch
        {
            "sum_channels" => (y.sum(1) * v).sum(),
            "sum_pixels" => (y.sum(spatial) * v).sum(),
            "transposed" => (y.transpose(1, -1) * v).sum(),
            _ => y.sum(),
        };
        ts.Tensor tloss = head switch
        {
            "sum_channels" => (ty.sum(1) * tv).sum(),
            "sum_pixels" => (ty.sum(spatial) * tv).sum(),
            "transposed" => (ty.transpose(1, -1) * tv).sum(),
            _ => ty.sum(),
        };
        loss.backward();
        tloss.backward();

        // float64 sums of at most a few hundred products, in the forward and again in the backward: depth 2
        // (Oracle.AssertCloseAfterSums); the weight gradient's are the longest, N × output pixels ≤ 3 × 110.
        Oracle.AssertCloseAfterSums(tx.grad!, x.grad!, ScalarType.Float64, terms: 400, depth: 2, what: "x.grad");
        Oracle.AssertCloseAfterSums(tw.grad!, w.grad!, ScalarType.Float64, terms: 400, depth: 2, what: "w.grad");
        Oracle.AssertCloseAfterSums(tb.grad!, b.grad!, ScalarType.Float64, terms: 400, depth: 2, what: "b.grad");
    }
}
