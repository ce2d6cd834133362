using Autograd;
using Autograd.Modules;
using static Autograd.torch;

namespace Autograd.Tests;

/// <summary>The module system: a user's model class as TorchSharp users write it, registration and traversal
/// order (PyTorch's), train/eval, zero_grad, requires_grad_, apply, to(dtype), hooks and Parameter.</summary>
public class ModuleTests
{
    /// <summary>A model written the TorchSharp way: fields, then RegisterComponents() in the constructor.</summary>
    private sealed class Net : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc1;
        private readonly nn.Module<Tensor, Tensor> act;
        private readonly Sequential head;
        private readonly Parameter scale;
        private readonly Tensor steps;

        public Net() : base("Net")
        {
            fc1 = nn.Linear(P(3, 4), P(3));
            act = nn.ReLU();
            head = nn.Sequential(nn.Linear(P(2, 3), P(2)), nn.Tanh());
            scale = new Parameter(torch.ones(2));
            steps = torch.zeros(1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => head.call(act.call(fc1.call(x))) * scale + steps;

        public void AddScratch() => register_buffer("scratch", torch.zeros(2), persistent: false);
    }

    /// <summary>A parameter of the given shape with distinct, deterministic values.</summary>
    internal static Parameter P(params long[] shape)
    {
        long n = 1;
        foreach (long d in shape) n *= d;
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.Sin(0.7 * (i + 1) + shape.Length);
        return new Parameter(torch.tensor(v, shape).to(ScalarType.Float32));
    }

    [Fact]
    public void RegisterComponents_registers_fields_in_declaration_order()
    {
        var net = new Net();
        // PyTorch's order: a module's own parameters, then each child's
        Assert.Equal(["scale", "fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias"], net.named_parameters().Select(p => p.name));
        Assert.Equal(["scale"], net.named_parameters(recurse: false).Select(p => p.name));
        Assert.Equal(["steps"], net.named_buffers().Select(b => b.name));
        Assert.Equal(["fc1", "act", "head"], net.named_children().Select(c => c.name));
        // PyTorch: the module itself first (named ""), then preorder
        Assert.Equal(["", "fc1", "act", "head", "head.0", "head.1"], net.named_modules().Select(m => m.name));
        Assert.Same(net, net.modules().First());
        Assert.Equal(5, net.parameters().Count());
    }

    [Fact]
    public void State_dict_keys_follow_pytorch_and_leave_out_non_persistent_buffers()
    {
        var net = new Net();
        net.AddScratch();
        Assert.Equal(["scale", "steps", "fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias"], net.state_dict().Keys);
        Assert.Equal(["steps", "scratch"], net.named_buffers().Select(b => b.name));
        Assert.Equal(["steps"], net.named_buffers(include_nonpersistent: false).Select(b => b.name));
        Tensor w = net.state_dict()["fc1.weight"];
        Assert.False(w.requires_grad); // detached, sharing storage
        Assert.Equal(net.get_parameter("fc1.weight")!.data<float>().ToArray(), w.data<float>().ToArray());
    }

    [Fact]
    public void Get_and_has_resolve_dotted_names()
    {
        var net = new Net();
        Assert.True(net.has_parameter("head.0.bias"));
        Assert.False(net.has_parameter("head.1.bias"));
        Assert.False(net.has_parameter("nothing.weight"));
        Assert.True(net.has_buffer("steps"));
        Assert.Null(net.get_buffer("fc1.weight"));
    }

    [Fact]
    public void A_shared_parameter_or_module_is_listed_once()
    {
        var lin = nn.Linear(P(2, 2), P(2));
        var seq = nn.Sequential(("a", lin), ("b", nn.ReLU()), ("c", lin));
        Assert.Equal(["a.weight", "a.bias"], seq.named_parameters().Select(p => p.name));
        Assert.Equal(["", "a", "b"], seq.named_modules().Select(m => m.name));
        // but state_dict keeps every path, as PyTorch's does
        Assert.Equal(["a.weight", "a.bias", "c.weight", "c.bias"], seq.state_dict().Keys);
    }

    [Fact]
    public void Registration_rejects_bad_names_and_duplicates()
    {
        var seq = nn.Sequential();
        Assert.Equal("module name can't contain \".\", got: a.b", Assert.Throws<ArgumentException>(() => seq.register_module("a.b", nn.ReLU())).Message);
        Assert.Equal("module name can't be empty string \"\"", Assert.Throws<ArgumentException>(() => seq.register_module("", nn.ReLU())).Message);
        seq.register_parameter("p", P(1));
        Assert.Throws<InvalidOperationException>(() => seq.register_parameter("p", P(1)));
        Assert.Throws<ArgumentNullException>(() => seq.register_buffer("b", null!));
        Assert.Throws<InvalidOperationException>(() => nn.ReLU().register_parameter("w", P(1)));
    }

    [Fact]
    public void Train_and_eval_reach_every_descendant()
    {
        var net = new Net();
        Assert.All(net.modules(), m => Assert.True(m.training));
        net.eval();
        Assert.All(net.modules(), m => Assert.False(m.training));
        net.train();
        Assert.All(net.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void Zero_grad_sets_none_or_zeros()
    {
        var net = new Net();
        net.call(torch.ones(5, 4)).sum().backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        net.zero_grad(set_to_none: false);
        Assert.All(net.parameters(), p => Assert.All(p.grad!.data<float>().ToArray(), v => Assert.Equal(0f, v)));
        net.zero_grad();
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void Requires_grad_freezes_every_parameter()
    {
        var net = new Net();
        net.requires_grad_(false);
        Assert.All(net.parameters(), p => Assert.False(p.requires_grad));
        Assert.False(net.call(torch.ones(1, 4)).requires_grad);
        net.requires_grad_();
        Assert.True(net.call(torch.ones(1, 4)).requires_grad);
    }

    [Fact]
    public void Apply_visits_children_before_their_parent()
    {
        var net = new Net();
        var order = new List<string>();
        net.apply(m => order.Add(m.GetType().Name));
        Assert.Equal(["Linear", "ReLU", "Linear", "Tanh", "Sequential", "Net"], order);
    }

    [Fact]
    public void To_converts_parameters_buffers_and_grads_in_place()
    {
        var net = new Net();
        net.call(torch.ones(2, 4)).sum().backward();
        Parameter w = net.get_parameter("fc1.weight")!;
        float[] before = w.data<float>().ToArray();
        var opt = torch.optim.SGD(net.parameters(), 0.1);
        Assert.Same(net, net.to(ScalarType.Float64));
        Assert.Same(w, net.get_parameter("fc1.weight")); // the same object: the optimizer still holds it
        Assert.Equal(ScalarType.Float64, w.dtype);
        Assert.Equal(ScalarType.Float64, w.grad!.dtype);
        Assert.Equal(ScalarType.Float64, net.get_buffer("steps")!.dtype);
        Assert.True(w.is_leaf && w.requires_grad);
        Assert.Equal(before.Select(v => (double)v), w.data<double>().ToArray());
        opt.step();
        Assert.Equal(ScalarType.Float64, net.call(torch.ones(1, 4, dtype: ScalarType.Float64)).dtype);
        Assert.Equal("nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64",
            Assert.Throws<ArgumentException>(() => net.to(ScalarType.Int64)).Message);
    }

    [Fact]
    public void Forward_hooks_run_through_call_only_and_can_be_removed()
    {
        var lin = nn.Linear(P(2, 2), null);
        var seen = new List<string>();
        var pre = lin.register_forward_pre_hook((m, x) => { seen.Add("pre"); return x * 2; });
        var post = lin.register_forward_hook((m, x, y) => { seen.Add("post"); return y + 1; });
        var plain = lin.register_forward_hook(m => seen.Add("module"));
        Tensor x = torch.ones(1, 2);
        Tensor expected = nn.functional.linear(x * 2, lin.weight) + 1;
        Assert.Equal(expected.data<float>().ToArray(), lin.call(x).data<float>().ToArray());
        Assert.Equal(["pre", "post", "module"], seen);
        seen.Clear();
        Assert.Equal(nn.functional.linear(x, lin.weight).data<float>().ToArray(), lin.forward(x).data<float>().ToArray());
        Assert.Empty(seen);
        pre.remove(); post.remove(); plain.remove(); pre.remove();
        Assert.Equal(nn.functional.linear(x, lin.weight).data<float>().ToArray(), lin.call(x).data<float>().ToArray());
        Assert.Empty(seen);
    }

    [Fact]
    public void A_parameter_is_a_leaf_sharing_its_data()
    {
        Tensor data = torch.ones(3);
        var p = nn.Parameter(data);
        Assert.True(p.is_leaf && p.requires_grad);
        data.add_(1);
        Assert.Equal([2f, 2f, 2f], p.data<float>().ToArray());
        Assert.False(nn.Parameter(data, requires_grad: false).requires_grad);
        Assert.Throws<InvalidOperationException>(() => nn.Parameter(torch.ones(2, dtype: ScalarType.Int64)));
        Parameter q = torch.zeros(2).AsParameter();
        Assert.True(q.requires_grad);
        Assert.StartsWith("Parameter containing:\ntensor([0., 0.], requires_grad=True)", q.ToString());
    }

    [Fact]
    public void Sequential_runs_its_modules_in_order_and_slices_keep_names()
    {
        var seq = nn.Sequential(("in", nn.Linear(P(3, 2), P(3))), ("act", nn.ReLU()), ("out", nn.Linear(P(1, 3), null)));
        Tensor x = torch.ones(4, 2);
        var lin0 = (Linear)seq[0];
        var lin2 = (Linear)seq[2];
        Tensor expected = nn.functional.linear(nn.functional.linear(x, lin0.weight, lin0.bias).relu(), lin2.weight);
        Assert.Equal(expected.data<float>().ToArray(), seq.call(x).data<float>().ToArray());
        Assert.Equal(3, seq.Count);
        Assert.Equal(["act", "out"], seq[1..].named_children().Select(c => c.name));
        Assert.Equal(["in"], seq[(null, 1)].named_children().Select(c => c.name));
        Assert.Same(x, nn.Sequential().call(x));
        Assert.Equal(["0", "1"], nn.Sequential().append(nn.ReLU()).append(nn.Tanh()).named_children().Select(c => c.name));
        Assert.Throws<InvalidOperationException>(() => nn.Sequential(("a", nn.ReLU()), ("a", nn.Tanh())));
    }

    [Fact]
    public void Containers_keep_their_registration_in_step()
    {
        var list = nn.ModuleList(nn.Linear(P(2, 2), null), nn.ReLU());
        list.Add(nn.Linear(P(1, 2), P(1)));
        Assert.Equal(["0.weight", "2.weight", "2.bias"], list.named_parameters().Select(p => p.name));
        list.RemoveAt(0);
        Assert.Equal(["1.weight", "1.bias"], list.named_parameters().Select(p => p.name));
        Assert.Throws<ArgumentNullException>(() => list.Add(null!));
        Assert.Equal(2, list.Count);

        var dict = nn.ModuleDict(("enc", (nn.Module)nn.Linear(P(2, 2), null)), ("act", nn.ReLU()));
        Assert.Equal(["enc.weight"], dict.state_dict().Keys);
        Assert.Throws<ArgumentException>(() => dict.Add("enc", nn.Tanh()));
        Assert.Throws<ArgumentException>(() => dict.Add("a.b", nn.Tanh()));
        Assert.Equal(["enc", "act"], dict.keys());

        var plist = nn.ParameterList(P(2), P(3));
        Assert.Equal(["0", "1"], plist.state_dict().Keys);
        plist.Insert(0, P(1));
        Assert.Equal([1L, 2L, 3L], plist.parameters().Select(p => p.shape[0]));
        var pdict = nn.ParameterDict(("alpha", P(1)), ("beta", P(2)));
        Assert.Equal(["alpha", "beta"], pdict.named_parameters().Select(p => p.name));
        pdict.Remove("alpha");
        Assert.Equal(["beta"], pdict.state_dict().Keys);
    }

    [Fact]
    public void Flatten_and_unflatten_reshape_like_pytorch()
    {
        Tensor x = torch.arange(24).reshape(2, 3, 4);
        Assert.Equal([2L, 12L], nn.Flatten().call(x).shape);
        Assert.Equal([24L], nn.Flatten(0).call(x).shape);
        Assert.Equal([2L, 3L, 2L, 2L], nn.Unflatten(2, [2, -1]).call(x).shape);
        Assert.Equal("unflatten: Provided sizes [5, 2] don't multiply up to the size of dim 1 (3) in the input tensor",
            Assert.Throws<ArgumentException>(() => nn.Unflatten(1, [5, 2]).call(x)).Message);
        Assert.Same(x, nn.Identity().call(x));
    }
}
