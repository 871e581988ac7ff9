using Microsoft.Extensions.Options;

namespace MagicHour.Generated;

/// <summary>Checks the options the way the client will use them (environment defaults included), so a bad or missing setting stops the host at start.</summary>
internal sealed class MagicHourClientOptionsValidator : IValidateOptions<MagicHourClientOptions>
{
    public ValidateOptionsResult Validate(string? name, MagicHourClientOptions options)
    {
        try
        {
            options.Resolve();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            return ValidateOptionsResult.Fail($"MagicHour: {ex.Message}");
        }
    }
}
