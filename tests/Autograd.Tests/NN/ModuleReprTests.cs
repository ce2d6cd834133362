using Autograd;
using Autograd.Modules;
using static Autograd.torch;

namespace Autograd.Tests;

/// <summary>Modules print as PyTorch's repr does (expected strings written from PyTorch's Module.__repr__ /
/// extra_repr format: class name, settings, children as "(name): repr" indented by two spaces).</summary>
public class ModuleReprTests
{
    private static Parameter P(params long[] shape) => ModuleTests.P(shape);

    [Fact]
    public void A_leaf_prints_its_settings_on_one_line()
    {
        Assert.Equal("Linear(in_features=4, out_features=2, bias=True)", nn.Linear(P(2, 4), P(2)).ToString());
        Assert.Equal("Linear(in_features=4, out_features=2, bias=False)", nn.Linear(P(2, 4)).ToString());
        Assert.Equal("ReLU()", nn.ReLU().ToString());
        Assert.Equal("ReLU(inplace=True)", nn.ReLU(inplace: true).ToString());
        Assert.Equal("Softmax(dim=1)", nn.Softmax(1).ToString());
        Assert.Equal("Flatten(start_dim=1, end_dim=-1)", nn.Flatten().ToString());
        Assert.Equal("Unflatten(dim=1, unflattened_size=(2, 5))", nn.Unflatten(1, [2, 5]).ToString());
        Assert.Equal("Unflatten(dim=0, unflattened_size=(3,))", nn.Unflatten(0, [3]).ToString());
        Assert.Equal("Identity()", nn.Identity().ToString());
    }

    [Fact]
    public void Containers_print_children_indented()
    {
        var seq = nn.Sequential(nn.Linear(P(3, 4), P(3)), nn.ReLU(), nn.Sequential(("head", nn.Linear(P(2, 3), null)), ("act", nn.Tanh())));
        Assert.Equal(
            "Sequential(\n" +
            "  (0): Linear(in_features=4, out_features=3, bias=True)\n" +
            "  (1): ReLU()\n" +
            "  (2): Sequential(\n" +
            "    (head): Linear(in_features=3, out_features=2, bias=False)\n" +
            "    (act): Tanh()\n" +
            "  )\n" +
            ")", seq.ToString());
        Assert.Equal("Sequential()", nn.Sequential().ToString());
    }

    [Fact]
    public void ModuleList_collapses_runs_of_equal_modules()
    {
        var list = nn.ModuleList(nn.Linear(P(2, 2), P(2)), nn.Linear(P(2, 2), P(2)), nn.Linear(P(2, 2), P(2)), nn.ReLU(), nn.Linear(P(2, 2), P(2)));
        Assert.Equal(
            "ModuleList(\n" +
            "  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n" +
            "  (3): ReLU()\n" +
            "  (4): Linear(in_features=2, out_features=2, bias=True)\n" +
            ")", list.ToString());
        Assert.Equal("ModuleList()", nn.ModuleList().ToString());
    }

    [Fact]
    public void Parameter_containers_list_dtype_and_size()
    {
        Assert.Equal(
            "ParameterList(\n" +
            "    (0): Parameter containing: [torch.float32 of size 2]\n" +
            "    (1): Parameter containing: [torch.float64 of size 3x4]\n" +
            ")", nn.ParameterList(P(2), new Parameter(torch.zeros(3, 4, dtype: ScalarType.Float64))).ToString());
        // one entry: PyTorch's single extra_repr line goes inside the parentheses as it is
        Assert.Equal("ParameterDict(  (w): Parameter containing: [torch.float32 of size 1x2])", nn.ParameterDict(("w", P(1, 2))).ToString());
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly Linear proj;
        private readonly ModuleList<nn.Module> layers;

        public Block() : base("Block")
        {
            proj = nn.Linear(P(2, 2), null);
            layers = nn.ModuleList(nn.ReLU(), nn.Tanh());
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => proj.call(x);

        public override string extra_repr() => "scale=0.5";
    }

    [Fact]
    public void A_user_module_prints_its_class_name_settings_and_fields()
    {
        Assert.Equal(
            "Block(\n" +
            "  scale=0.5\n" +
            "  (proj): Linear(in_features=2, out_features=2, bias=False)\n" +
            "  (layers): ModuleList(\n" +
            "    (0): ReLU()\n" +
            "    (1): Tanh()\n" +
            "  )\n" +
            ")", new Block().ToString());
    }
}
