// Drop-in: the two namespaces below hold the SAME program text; only the using directives differ
// (TorchSharp vs Autograd). Both compile, and the test checks they compute the same numbers. The program
// spells the tensor type both ways TorchSharp code does: `torch.Tensor` and `Tensor` via `using static`.
namespace Autograd.Tests.DropIn.WithTorchSharp
{
    using TorchSharp;
    using static TorchSharp.torch;

    internal static class Program
    {
        private static torch.Tensor Forward(torch.Tensor x, Tensor w, Tensor b) => nn.functional.linear(x, w, b).tanh();

        internal static float[] Run()
        {
            var x = torch.tensor(new float[] { 0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f }, new long[] { 2, 3 });
            var w = torch.tensor(new float[] { 0.1f, 0.2f, -0.3f, 0.4f, -0.5f, 0.6f }, new long[] { 2, 3 }).requires_grad_(true);
            var b = zeros(2).requires_grad_(true);
            for (int step = 0; step < 5; step++)
            {
                var loss = Forward(x, w, b).pow(2).mean();
                loss.backward();
                using (no_grad())
                {
                    w.sub_(w.grad!.mul(0.1));
                    b.sub_(b.grad!.mul(0.1));
                }
                w.grad!.zero_();
                b.grad!.zero_();
            }
            return w.detach().data<float>().ToArray();
        }
    }
}

namespace Autograd.Tests.DropIn.WithAutograd
{
    using Autograd;
    using static Autograd.torch;

    internal static class Program
    {
        private static torch.Tensor Forward(torch.Tensor x, Tensor w, Tensor b) => nn.functional.linear(x, w, b).tanh();

        internal static float[] Run()
        {
            var x = torch.tensor(new float[] { 0.5f, -1f, 2f, 0.25f, 1.5f, -0.75f }, new long[] { 2, 3 });
            var w = torch.tensor(new float[] { 0.1f, 0.2f, -0.3f, 0.4f, -0.5f, 0.6f }, new long[] { 2, 3 }).requires_grad_(true);
            var b = zeros(2).requires_grad_(true);
            for (int step = 0; step < 5; step++)
            {
                var loss = Forward(x, w, b).pow(2).mean();
                loss.backward();
                using (no_grad())
                {
                    w.sub_(w.grad!.mul(0.1));
                    b.sub_(b.grad!.mul(0.1));
                }
                w.grad!.zero_();
                b.grad!.zero_();
            }
            return w.detach().data<float>().ToArray();
        }
    }
}

namespace Autograd.Tests
{
    public class DropInTests
    {
        [Fact]
        public void The_same_program_text_compiles_and_agrees_with_either_library()
        {
            float[] theirs = DropIn.WithTorchSharp.Program.Run(), ours = DropIn.WithAutograd.Program.Run();
            Oracle.AssertClose(Array.ConvertAll(theirs, v => (double)v), Array.ConvertAll(ours, v => (double)v), 1e-5, 1e-6, "w after 5 steps");
        }
    }
}
