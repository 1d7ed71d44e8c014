using System.Text;
using System.Text.Json;
using Oracle.Ibc.Ics23;

namespace Oracle.Ibc.Tests.Ics23;

/// <summary>cosmos/ics23 testdata/Test*Data.json: per-operation cases with expected results or errors.</summary>
public sealed class OperationDataTests
{
    private static TheoryData<string> Cases(string file)
    {
        var data = new TheoryData<string>();
        foreach (var name in TestData.Names(file))
            data.Add(name);
        return data;
    }

    public static TheoryData<string> LeafOpCases() => Cases("TestLeafOpData.json");
    public static TheoryData<string> InnerOpCases() => Cases("TestInnerOpData.json");
    public static TheoryData<string> DoHashCases() => Cases("TestDoHashData.json");
    public static TheoryData<string> ExistenceProofCases() => Cases("TestExistenceProofData.json");
    public static TheoryData<string> CheckLeafCases() => Cases("TestCheckLeafData.json");
    public static TheoryData<string> CheckAgainstSpecCases() => Cases("TestCheckAgainstSpecData.json");

    public static TheoryData<int> EmptyBranchCases()
    {
        var data = new TheoryData<int>();
        int count = TestData.Load("TestEmptyBranchData.json").GetArrayLength();
        for (int i = 0; i < count; i++)
            data.Add(i);
        return data;
    }

    private static JsonElement Case(string file, string name) => TestData.Load(file).GetProperty(name);

    [Theory]
    [MemberData(nameof(LeafOpCases))]
    public void LeafOp_apply(string name)
    {
        var tc = Case("TestLeafOpData.json", name);
        var op = TestData.Message<LeafOp>(TestData.Get(tc, "Op"));
        byte[] key = TestData.Bytes(TestData.Get(tc, "Key"));
        byte[] value = TestData.Bytes(TestData.Get(tc, "Value"));
        if (TestData.Bool(TestData.Get(tc, "IsErr")))
        {
            Assert.Throws<Ics23Exception>(() => op.Apply(key, value));
            return;
        }
        Assert.Equal(TestData.Bytes(TestData.Get(tc, "Expected")), op.Apply(key, value));
    }

    [Theory]
    [MemberData(nameof(InnerOpCases))]
    public void InnerOp_apply(string name)
    {
        var tc = Case("TestInnerOpData.json", name);
        var op = TestData.Message<InnerOp>(TestData.Get(tc, "Op"));
        byte[] child = TestData.Bytes(TestData.Get(tc, "Child"));
        if (TestData.Bool(TestData.Get(tc, "IsErr")))
        {
            Assert.Equal(Ics23Error.EmptyChild, Assert.Throws<Ics23Exception>(() => op.Apply(child)).Error);
            return;
        }
        Assert.Equal(TestData.Bytes(TestData.Get(tc, "Expected")), op.Apply(child));
    }

    [Theory]
    [MemberData(nameof(DoHashCases))]
    public void DoHash(string name)
    {
        var tc = Case("TestDoHashData.json", name);
        var op = (HashOp)TestData.Get(tc, "HashOp").GetInt32();
        byte[] preimage = Encoding.UTF8.GetBytes(TestData.Get(tc, "Preimage").GetString()!);
        string expected = TestData.Get(tc, "ExpectedHash").GetString()!;
        Assert.Equal(expected, Convert.ToHexStringLower(HashOps.DoHash(op, preimage)));
    }

    [Theory]
    [MemberData(nameof(ExistenceProofCases))]
    public void ExistenceProof_calculate(string name)
    {
        var tc = Case("TestExistenceProofData.json", name);
        var proof = TestData.Message<ExistenceProof>(TestData.Get(tc, "Proof"));
        if (TestData.Bool(TestData.Get(tc, "IsErr")))
        {
            Assert.Throws<Ics23Exception>(() => proof.Calculate());
            return;
        }
        Assert.Equal(TestData.Bytes(TestData.Get(tc, "Expected")), proof.Calculate());
    }

    [Theory]
    [MemberData(nameof(CheckLeafCases))]
    public void LeafOp_check_against_spec(string name)
    {
        var tc = Case("TestCheckLeafData.json", name);
        var leaf = TestData.Message<LeafOp>(TestData.Get(tc, "Leaf"));
        var spec = new ProofSpec { LeafSpec = TestData.Message<LeafOp>(TestData.Get(tc, "Spec")) };
        if (TestData.Bool(TestData.Get(tc, "IsErr")))
            Assert.Throws<Ics23Exception>(() => leaf.CheckAgainstSpec(spec));
        else
            leaf.CheckAgainstSpec(spec);
    }

    [Theory]
    [MemberData(nameof(CheckAgainstSpecCases))]
    public void ExistenceProof_check_against_spec(string name)
    {
        var tc = Case("TestCheckAgainstSpecData.json", name);
        var proof = TestData.Message<ExistenceProof>(TestData.Get(tc, "Proof"));
        var spec = TestData.Message<ProofSpec>(TestData.Get(tc, "Spec"));
        string expected = TestData.Get(tc, "Err").GetString() ?? "";
        if (expected.Length == 0)
        {
            proof.CheckAgainstSpec(spec);
            return;
        }
        var e = Assert.Throws<Ics23Exception>(() => proof.CheckAgainstSpec(spec));
        Assert.Equal(expected, e.Message);
        Assert.NotEqual(Ics23Error.None, e.Error);
    }

    [Theory]
    [MemberData(nameof(EmptyBranchCases))]
    public void Empty_branch_placeholders(int index)
    {
        var tc = TestData.Load("TestEmptyBranchData.json")[index];
        var op = TestData.Message<InnerOp>(TestData.Get(tc, "Op"));
        var spec = TestData.Message<ProofSpec>(TestData.Get(tc, "Spec"));
        op.CheckAgainstSpec(spec, 1);
        var inner = ProofSpecs.RequireValidInnerSpec(spec);
        Assert.Equal(TestData.Bool(TestData.Get(tc, "IsLeft")), Neighbors.LeftBranchesAreEmpty(inner, op));
        Assert.Equal(TestData.Bool(TestData.Get(tc, "IsRight")), Neighbors.RightBranchesAreEmpty(inner, op));
    }
}
