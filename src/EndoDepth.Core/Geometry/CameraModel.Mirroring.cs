namespace EndoDepth.Geometry;

/// <summary>The camera of a mirrored image.</summary>
public readonly partial struct CameraModel
{
    /// <summary>
    /// The camera that takes the mirror image: pixel (u, v) of the mirrored camera sees the original camera's pixel
    /// (W − u, v) (horizontally) or (u, H − v) (vertically), with the ray's x (or y) component negated. The principal
    /// point mirrors (cx → W − cx); Brown–Conrady's tangential terms change sign where the mirror breaks their symmetry
    /// (p2 horizontally, p1 vertically); Scaramuzza's stretch entries d and e change sign when exactly one axis
    /// mirrors. Radial terms are unchanged.
    /// </summary>
    /// <param name="horizontally">Mirror left–right.</param>
    /// <param name="vertically">Mirror top–bottom.</param>
    public CameraModel Mirrored(bool horizontally, bool vertically)
    {
        var cx = horizontally ? Width - Cx : Cx;
        var cy = vertically ? Height - Cy : Cy;
        return Kind switch
        {
            ProjectionKind.BrownConrady or ProjectionKind.KannalaBrandt => new CameraModel(Kind, Width, Height, Fx,
                Fy, cx, cy, MaxTheta, K1, K2, K3, K4, vertically ? -P1 : P1, horizontally ? -P2 : P2),
            ProjectionKind.Scaramuzza => horizontally != vertically
                ? Scaramuzza(Width, Height, cx, cy, A0, A1, A2, A3, A4, A5, StretchC, -StretchD, -StretchE, MaxTheta)
                : Scaramuzza(Width, Height, cx, cy, A0, A1, A2, A3, A4, A5, StretchC, StretchD, StretchE, MaxTheta),
            _ => new CameraModel(Kind, Width, Height, Fx, Fy, cx, cy, MaxTheta),
        };
    }
}
