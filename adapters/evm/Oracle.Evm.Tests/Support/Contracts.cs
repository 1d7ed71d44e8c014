namespace Oracle.Evm.Tests.Support;

/// <summary>Hand-assembled contracts for the anvil tests (no compiler needed).</summary>
internal static class Contracts
{
    /// <summary>Init code whose runtime always reverts with the given revert data.</summary>
    public static byte[] AlwaysReverts(byte[] revertData)
    {
        if (revertData.Length > 255 - 12)
        {
            throw new ArgumentException("revert data too long for PUSH1 offsets");
        }
        var length = (byte)revertData.Length;
        // PUSH1 len PUSH1 12 PUSH1 0 CODECOPY PUSH1 len PUSH1 0 REVERT, then the data at offset 12.
        byte[] runtime = [0x60, length, 0x60, 12, 0x60, 0x00, 0x39, 0x60, length, 0x60, 0x00, 0xfd, .. revertData];
        return InitCode(runtime);
    }

    /// <summary>Init code whose runtime emits <c>LOG1(topic, calldata)</c> and returns the call data.</summary>
    public static byte[] Echo(byte[] topic)
    {
        // CALLDATASIZE PUSH1 0 PUSH1 0 CALLDATACOPY; PUSH32 topic CALLDATASIZE PUSH1 0 LOG1; CALLDATASIZE PUSH1 0 RETURN
        byte[] runtime = [0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x7f, .. topic, 0x36, 0x60, 0x00, 0xa1, 0x36, 0x60, 0x00, 0xf3];
        return InitCode(runtime);
    }

    private static byte[] InitCode(byte[] runtime)
    {
        // PUSH1 len DUP1 PUSH1 11 PUSH1 0 CODECOPY PUSH1 0 RETURN, then the runtime at offset 11.
        var length = checked((byte)runtime.Length);
        return [0x60, length, 0x80, 0x60, 11, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, .. runtime];
    }
}
