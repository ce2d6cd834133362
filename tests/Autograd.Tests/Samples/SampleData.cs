using Autograd.Samples.FashionMnist;

namespace Autograd.Tests;

/// <summary>The real data set for the sample's tests: Debian's dataset-fashion-mnist, which .ci/run installs.</summary>
internal static class SampleData
{
    private static FashionMnistData? s_data;

    internal static FashionMnistData Require()
    {
        if (s_data is not null) return s_data;
        if (!FashionMnistData.Exists(FashionMnistData.DebianPath))
            Assert.Fail($"These tests train on Fashion-MNIST: `apt-get install dataset-fashion-mnist` puts it in {FashionMnistData.DebianPath}.");
        return s_data = FashionMnistData.Load(FashionMnistData.DebianPath);
    }
}
