using System.Reflection;
using System.Runtime.InteropServices;

namespace Oracle.Cosmos.Keys;

/// <summary>
/// P/Invoke bindings to libsecp256k1 (Debian libsecp256k1-1). One process-wide context, created for signing and
/// verification and randomised once against side channels; the library's functions are thread-safe on a context
/// that is no longer mutated.
/// </summary>
internal static unsafe partial class Secp256k1Native
{
    private const string Library = "secp256k1";
    private const uint ContextSignVerify = (1u << 0) | (1u << 8) | (1u << 9);
    internal const uint EcCompressed = (1u << 1) | (1u << 8);
    internal const uint EcUncompressed = 1u << 1;

    internal static readonly IntPtr Context = CreateContext();

    private static IntPtr CreateContext()
    {
        NativeLibrary.SetDllImportResolver(typeof(Secp256k1Native).Assembly, Resolve);
        IntPtr ctx;
        try
        {
            ctx = secp256k1_context_create(ContextSignVerify);
        }
        catch (DllNotFoundException e)
        {
            throw new InvalidOperationException(
                "libsecp256k1 is not installed (Debian package libsecp256k1-1, /usr/lib/x86_64-linux-gnu/libsecp256k1.so.1): " + e.Message, e);
        }
        Span<byte> seed = stackalloc byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
        fixed (byte* s = seed)
        {
            if (secp256k1_context_randomize(ctx, s) != 1)
            {
                throw new InvalidOperationException("secp256k1_context_randomize failed");
            }
        }
        return ctx;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in new[] { "libsecp256k1.so.1", "libsecp256k1.so", "/usr/lib/x86_64-linux-gnu/libsecp256k1.so.1", "libsecp256k1.dylib", "libsecp256k1" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
            {
                return handle;
            }
        }
        return IntPtr.Zero;
    }

    [LibraryImport(Library)]
    internal static partial IntPtr secp256k1_context_create(uint flags);

    [LibraryImport(Library)]
    internal static partial int secp256k1_context_randomize(IntPtr ctx, byte* seed32);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ec_seckey_verify(IntPtr ctx, byte* seckey);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ec_seckey_tweak_add(IntPtr ctx, byte* seckey, byte* tweak32);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ec_pubkey_create(IntPtr ctx, byte* pubkey64, byte* seckey);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ec_pubkey_parse(IntPtr ctx, byte* pubkey64, byte* input, nuint inputlen);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ec_pubkey_serialize(IntPtr ctx, byte* output, nuint* outputlen, byte* pubkey64, uint flags);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ecdsa_sign(IntPtr ctx, byte* sig64, byte* msghash32, byte* seckey, IntPtr noncefp, IntPtr ndata);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ecdsa_signature_serialize_compact(IntPtr ctx, byte* output64, byte* sig64);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ecdsa_signature_parse_compact(IntPtr ctx, byte* sig64, byte* input64);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ecdsa_signature_normalize(IntPtr ctx, byte* sigout, byte* sigin);

    [LibraryImport(Library)]
    internal static partial int secp256k1_ecdsa_verify(IntPtr ctx, byte* sig64, byte* msghash32, byte* pubkey64);
}
