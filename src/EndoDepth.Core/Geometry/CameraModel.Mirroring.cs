namespace EndoDepth.Geometry;

/// <summary>The camera of a mirrored or transposed image.</summary>
public readonly partial struct CameraModel
{
    /// <summary>
    /// The camera that takes the mirror image: pixel (u, v) of the mirrored camera sees the original camera's pixel
    /// (W − u, v) (horizontally) or (u, H − v) (vertically), with the ray's x (or y) component negated. The
    /// principal point mirrors (cx → W − cx); Brown–Conrady's tangential terms change sign where the mirror
    /// breaks their symmetry (p2 horizontally, p1 vertically); Scaramuzza's stretch entries d and e change sign when
    /// exactly one axis mirrors. Radial terms are unchanged.
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

    /// <summary>
    /// The camera that takes the transposed image (the mirror about the main diagonal): pixel (v, u) of the transposed
    /// camera sees the original camera's pixel (u, v), with the ray's x and y components swapped. Width and height,
    /// fx and fy, cx and cy swap; so do Brown–Conrady's tangential terms p1 and p2. Scaramuzza's sensor frame is
    /// rescaled by c so that the stretch matrix keeps its fixed entry 1: [[c, d], [e, 1]] becomes
    /// [[1/c, e/c], [d/c, 1]] and aᵢ becomes aᵢ·c¹⁻ⁱ (the same rays). Radial terms are unchanged.
    /// </summary>
    /// <exception cref="InvalidOperationException">A Scaramuzza stretch matrix with c ≤ 0.</exception>
    public CameraModel Transposed() => Kind switch
    {
        ProjectionKind.BrownConrady or ProjectionKind.KannalaBrandt => new CameraModel(Kind, Height, Width, Fy, Fx, Cy,
            Cx, MaxTheta, K1, K2, K3, K4, P2, P1),
        ProjectionKind.Scaramuzza => StretchC > 0f
            ? Scaramuzza(Height, Width, Cy, Cx, A0 * StretchC, A1, A2 / StretchC, A3 / (StretchC * StretchC),
                A4 / (StretchC * StretchC * StretchC), A5 / (StretchC * StretchC * StretchC * StretchC),
                1f / StretchC, StretchE / StretchC, StretchD / StretchC, MaxTheta)
            : throw new InvalidOperationException($"A Scaramuzza stretch matrix with c = {StretchC} ≤ 0 has no "
                + "transposed form with its fixed entry 1."),
        _ => new CameraModel(Kind, Height, Width, Fy, Fx, Cy, Cx, MaxTheta),
    };
}
