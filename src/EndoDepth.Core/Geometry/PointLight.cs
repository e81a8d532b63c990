namespace EndoDepth.Geometry;

/// <summary>
/// A point light rigidly attached to the endoscope tip. Irradiance falloff (I·cos θ / d²) is applied by the
/// renderers.
/// </summary>
/// <param name="Offset">Position in the camera frame (mm), typically a few millimetres beside the lens.</param>
/// <param name="Intensity">Radiant intensity (arbitrary linear units; renderers calibrate exposure).</param>
/// <param name="SpotExponent">Angular falloff cosᵏ(angle to the optical axis); 0 is an isotropic point light.</param>
public readonly record struct PointLight(Float3 Offset, float Intensity = 1f, float SpotExponent = 0f);
