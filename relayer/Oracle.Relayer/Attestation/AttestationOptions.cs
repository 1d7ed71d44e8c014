using Microsoft.Extensions.Configuration;
using Oracle.Attestation;

namespace Oracle.Relayer.Attestation;

/// <summary>An MRSIGNER rule as configured (<c>Attestation:Signers:N</c>).</summary>
public sealed class SignerRuleOptions
{
    /// <summary>MRSIGNER, 32 bytes of hex.</summary>
    public string MrSigner { get; set; } = "";

    /// <summary>The product id.</summary>
    public ushort IsvProdId { get; set; }

    /// <summary>The lowest ISVSVN accepted.</summary>
    public ushort MinIsvSvn { get; set; }
}

/// <summary>
/// The <c>Attestation</c> section of appsettings.json: what an attestation verifier accepts
/// (<see cref="ToPolicy"/>) and which root it trusts (<see cref="ToVerifier"/>).
/// </summary>
public sealed class AttestationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Attestation";

    /// <summary>Accept simulated evidence (the sim backend's; development only). Default false.</summary>
    public bool AllowSimulation { get; set; }

    /// <summary>With <see cref="AllowSimulation"/>: the SHA-256 (hex) of the simulation root to trust instead of Intel's.</summary>
    public string? SimulationRootSha256 { get; set; }

    /// <summary>Accepted TCB statuses (default UpToDate, SWHardeningNeeded).</summary>
    public List<string> AllowedTcbStatuses { get; set; } = [];

    /// <summary>Accepted MRENCLAVE values (hex).</summary>
    public List<string> MrEnclaves { get; set; } = [];

    /// <summary>Accepted MRSIGNER rules.</summary>
    public List<SignerRuleOptions> Signers { get; set; } = [];

    /// <summary>Where collateral comes from.</summary>
    public PcsOptions Pcs { get; set; } = new();

    /// <summary>Binds and checks the section.</summary>
    /// <exception cref="ArgumentException">A setting is malformed; the message names every bad key.</exception>
    public static AttestationOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AttestationOptions();
        configuration.GetSection(Section).Bind(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("bad attestation settings:\n  " + string.Join("\n  ", problems));
        }
        return options;
    }

    /// <summary>Every malformed setting, as "key: message".</summary>
    public List<string> Validate()
    {
        var problems = new List<string>();
        for (int i = 0; i < AllowedTcbStatuses.Count; i++)
        {
            if (!TcbStatuses.TryParse(AllowedTcbStatuses[i], out var status) || status == TcbStatus.Revoked)
            {
                problems.Add($"{Section}:AllowedTcbStatuses:{i}: '{AllowedTcbStatuses[i]}' is not an acceptable TCB status (UpToDate, SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSWHardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded)");
            }
        }
        for (int i = 0; i < MrEnclaves.Count; i++)
        {
            if (!IsHex32(MrEnclaves[i])) problems.Add($"{Section}:MrEnclaves:{i}: '{MrEnclaves[i]}' is not 32 bytes of hex");
        }
        for (int i = 0; i < Signers.Count; i++)
        {
            if (!IsHex32(Signers[i].MrSigner)) problems.Add($"{Section}:Signers:{i}:MrSigner: '{Signers[i].MrSigner}' is not 32 bytes of hex");
        }
        if (SimulationRootSha256 is { Length: > 0 } root)
        {
            if (!IsHex32(root)) problems.Add($"{Section}:SimulationRootSha256: '{root}' is not 32 bytes of hex");
            else if (!AllowSimulation) problems.Add($"{Section}:SimulationRootSha256: set, but {Section}:AllowSimulation is false");
        }
        else if (AllowSimulation)
        {
            problems.Add($"{Section}:SimulationRootSha256: required when {Section}:AllowSimulation is true (build/enclave-tls/sim-attestation/root.sha256)");
        }
        if (MrEnclaves.Count == 0 && Signers.Count == 0)
        {
            problems.Add($"{Section}: no MrEnclaves and no Signers: no enclave would be accepted");
        }
        return problems;
    }

    /// <summary>The policy these settings describe.</summary>
    public AttestationPolicy ToPolicy() => new()
    {
        AllowSimulation = AllowSimulation,
        AllowedStatuses = AllowedTcbStatuses.Count == 0
            ? AttestationPolicy.DefaultStatuses
            : AllowedTcbStatuses.Select(s => TcbStatuses.TryParse(s, out var t) ? t : throw new ArgumentException($"'{s}' is not a TCB status")).ToHashSet(),
        MrEnclaves = MrEnclaves.Select(Convert.FromHexString).ToList(),
        Signers = Signers.Select(s => new SignerRule(Convert.FromHexString(s.MrSigner), s.IsvProdId, s.MinIsvSvn)).ToList(),
    };

    /// <summary>The verifier: Intel's root, or (with <see cref="AllowSimulation"/>) the configured simulation root.</summary>
    public DcapVerifier ToVerifier() =>
        AllowSimulation && SimulationRootSha256 is { Length: > 0 } root ? DcapVerifier.ForSimulation(Convert.FromHexString(root)) : DcapVerifier.Intel;

    private static bool IsHex32(string? s) => s is { Length: 64 } && s.All(Uri.IsHexDigit);
}
