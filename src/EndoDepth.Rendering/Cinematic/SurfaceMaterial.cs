using EndoDepth.Geometry;

namespace EndoDepth.Rendering.Cinematic;

/// <summary>The surface parameters of a BRDF event at a tissue boundary. A value type usable inside kernels.</summary>
internal struct SurfaceMaterial
{
    /// <summary>Diffuse (Lambert) reflectance per RGB channel, in [0, 1].</summary>
    public Float3 Albedo;
    /// <summary>Perceptual roughness r ∈ (0, 1]; the GGX width is α = r².</summary>
    public float Roughness;
    /// <summary>Normal-incidence Fresnel reflectance F0 of the specular layer (wet mucosa ≈ 0.02–0.05).</summary>
    public float Specular;

    /// <summary>Creates a material.</summary>
    public SurfaceMaterial(Float3 albedo, float roughness, float specular)
    {
        Albedo = albedo; Roughness = roughness; Specular = specular;
    }
}
