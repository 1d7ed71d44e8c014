namespace Oracle.Attestation;

/// <summary>A TCB status as Intel's TCB info and QE identity name them, best first.</summary>
public enum TcbStatus
{
    /// <summary>The platform is patched and configured as Intel recommends.</summary>
    UpToDate,
    /// <summary>Up to date, but software mitigations are needed for the listed advisories.</summary>
    SWHardeningNeeded,
    /// <summary>Up to date, but the platform's configuration needs changes (for example hyper-threading).</summary>
    ConfigurationNeeded,
    /// <summary>Both of the above.</summary>
    ConfigurationAndSWHardeningNeeded,
    /// <summary>A microcode or SGX software update is missing.</summary>
    OutOfDate,
    /// <summary>Out of date, and the configuration needs changes too.</summary>
    OutOfDateConfigurationNeeded,
    /// <summary>The platform's keys are revoked: never acceptable.</summary>
    Revoked,
}

/// <summary>Parsing and combining TCB statuses.</summary>
public static class TcbStatuses
{
    /// <summary>Parses Intel's spelling of a status; false for anything else.</summary>
    public static bool TryParse(string? text, out TcbStatus status)
    {
        switch (text)
        {
            case "UpToDate": status = TcbStatus.UpToDate; return true;
            case "SWHardeningNeeded": status = TcbStatus.SWHardeningNeeded; return true;
            case "ConfigurationNeeded": status = TcbStatus.ConfigurationNeeded; return true;
            case "ConfigurationAndSWHardeningNeeded": status = TcbStatus.ConfigurationAndSWHardeningNeeded; return true;
            case "OutOfDate": status = TcbStatus.OutOfDate; return true;
            case "OutOfDateConfigurationNeeded": status = TcbStatus.OutOfDateConfigurationNeeded; return true;
            case "Revoked": status = TcbStatus.Revoked; return true;
            default: status = default; return false;
        }
    }

    /// <summary>
    /// The final status from the platform's and the QE's, as Intel's quote verification library
    /// converges them: a revoked QE makes the result revoked; an out-of-date QE makes an up-to-date
    /// (or SW-hardening) platform out of date, and a configuration-needed platform
    /// out-of-date-configuration-needed; otherwise the platform's status stands.
    /// </summary>
    public static TcbStatus Converge(TcbStatus platform, TcbStatus qe) => qe switch
    {
        TcbStatus.Revoked => TcbStatus.Revoked,
        TcbStatus.OutOfDate or TcbStatus.OutOfDateConfigurationNeeded => platform switch
        {
            TcbStatus.UpToDate or TcbStatus.SWHardeningNeeded => TcbStatus.OutOfDate,
            TcbStatus.ConfigurationNeeded or TcbStatus.ConfigurationAndSWHardeningNeeded => TcbStatus.OutOfDateConfigurationNeeded,
            _ => platform,
        },
        _ => platform,
    };
}
