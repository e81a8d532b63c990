namespace EndoDepth.Registration;

/// <summary>On which grey scale the optical frame and the virtual shading are compared
/// (<see cref="RegistrationSettings.Comparison"/>).</summary>
public enum ShadingComparison
{
    /// <summary>Display grey levels: the frame's luma against the virtual radiance through the camera response
    /// (<see cref="RegistrationSettings.Tone"/>, with its own auto-exposure).</summary>
    DisplayGrey,

    /// <summary>Linear radiance to a power: the frame's display values taken back through the inverse of the camera
    /// response (<see cref="RegistrationSettings.Tone"/>'s gamma and filmic curve) to linear luminance, and the virtual
    /// radiance, both raised to <see cref="RegistrationSettings.ComparisonExponent"/>. The unknown exposure is then a
    /// gain, (g·L)^γ = g^γ·L^γ, which NCC ignores exactly; saturated frame pixels are left out.</summary>
    LinearPower,
}
