using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Oracle.Enclave.Client;
using Oracle.Sources;

namespace Oracle.Relayer.Options;

/// <summary>
/// The <c>Relayer</c> and <c>EnclaveClient</c> sections, bound and checked in one go: the relayer
/// (<see cref="Extensions.AddRelayer"/>) and the proof node (Oracle.Node) read the same file.
/// </summary>
public static class RelayerSettings
{
    /// <summary>Binds both sections and checks them, collecting every failure.</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="catalog">The source catalog feeds name their adapters from.</param>
    /// <param name="requirePayingKey">False for readers of the chains (the proof node): a chain may then
    /// name no paying account (<see cref="RelayerOptionsValidator.RequirePayingKey"/>).</param>
    /// <returns>The validated options.</returns>
    /// <exception cref="OptionsValidationException">A setting is missing or wrong; <see cref="OptionsValidationException.Failures"/>
    /// names each, as <c>Section:Key: message</c>. A value that does not convert to its setting's type
    /// (e.g. <c>"ChainId": "abc"</c>) is reported on its own, before the other checks of its section.</exception>
    public static (RelayerOptions Relayer, EnclaveClientOptions Enclave) Load(IConfiguration configuration, SourceCatalog catalog, bool requirePayingKey = true)
    {
        var section = configuration.GetSection(RelayerOptions.Section);
        // A value of the wrong type is named first: the binder would drop its list element without a word.
        var types = ConfigurationTypeCheck.Check(section, typeof(RelayerOptions));
        var options = types.Count == 0 ? section.Get<RelayerOptions>() ?? new RelayerOptions() : new RelayerOptions();
        var result = types.Count == 0
            ? new RelayerOptionsValidator(catalog) { RequirePayingKey = requirePayingKey }.Validate(null, options)
            : ValidateOptionsResult.Fail(types);
        var enclaveSection = configuration.GetSection(EnclaveClientOptions.SectionName);
        var enclaveTypes = ConfigurationTypeCheck.Check(enclaveSection, typeof(EnclaveClientOptions));
        var enclaveOptions = enclaveTypes.Count == 0 ? enclaveSection.Get<EnclaveClientOptions>() ?? new EnclaveClientOptions() : new EnclaveClientOptions();
        var enclaveResult = enclaveTypes.Count == 0 ? new EnclaveClientOptionsValidator().Validate(null, enclaveOptions) : ValidateOptionsResult.Fail(enclaveTypes);
        if (result.Failed || enclaveResult.Failed)
            throw new OptionsValidationException(RelayerOptions.Section, typeof(RelayerOptions),
                (result.Failures ?? []).Concat(enclaveResult.Failures ?? []).ToArray());
        return (options, enclaveOptions);
    }
}
