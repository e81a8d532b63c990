namespace EndoDepth.Geometry;

/// <summary>
/// A rigid transform x_world = R·x_camera + t, stored as the three columns of R (the camera's
/// axes in world coordinates) and the translation t (the camera centre in world coordinates).
/// Camera frame convention (as OpenCV): +X right, +Y down in the image, +Z forward along the optical axis.
/// Usable inside ILGPU kernels (value type of <see cref="Float3"/> fields).
/// </summary>
public readonly struct RigidPose : IEquatable<RigidPose>
{
    /// <summary>First column of R: the camera's +X (image right) axis in world coordinates.</summary>
    public readonly Float3 Right;
    /// <summary>Second column of R: the camera's +Y (image down) axis in world coordinates.</summary>
    public readonly Float3 Down;
    /// <summary>Third column of R: the camera's +Z (viewing direction) axis in world coordinates.</summary>
    public readonly Float3 Forward;
    /// <summary>Translation: the camera centre in world coordinates (mm).</summary>
    public readonly Float3 Position;

    /// <summary>Creates a pose from the rotation's columns and the translation.</summary>
    public RigidPose(Float3 right, Float3 down, Float3 forward, Float3 position)
    {
        Right = right; Down = down; Forward = forward; Position = position;
    }

    /// <summary>The identity transform.</summary>
    public static RigidPose Identity => new(Float3.UnitX, Float3.UnitY, Float3.UnitZ, Float3.Zero);

    /// <summary>
    /// A camera at <paramref name="eye"/> looking at <paramref name="target"/>, rolled so that image-up is as
    /// close as possible to <paramref name="up"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The eye equals the target, or up is parallel to the view
    /// direction.</exception>
    public static RigidPose LookAt(Float3 eye, Float3 target, Float3 up)
    {
        var f = target - eye;
        if (f.LengthSquared < 1e-20f) throw new ArgumentException("Eye and target coincide.", nameof(target));
        f = Float3.Normalize(f);
        var r = Float3.Cross(f, up); // right = forward × up for a y-down camera
        if (r.LengthSquared < 1e-12f) throw new ArgumentException("Up vector is parallel to the view direction.",
            nameof(up));
        r = Float3.Normalize(r);
        var d = Float3.Cross(f, r); // down completes the right-handed frame (x × y = z)
        return new RigidPose(r, d, f, eye);
    }

    /// <summary>Applies the rotation only (camera direction → world direction).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public Float3 RotateToWorld(Float3 v) => Right * v.X + Down * v.Y + Forward * v.Z;

    /// <summary>Maps a camera-frame point to world coordinates.</summary>
    public Float3 ToWorld(Float3 p) => RotateToWorld(p) + Position;

    /// <summary>Maps a world point to the camera frame (Rᵀ(p − t)).</summary>
    public Float3 ToCamera(Float3 p)
    {
        var q = p - Position;
        return new Float3(Float3.Dot(Right, q), Float3.Dot(Down, q), Float3.Dot(Forward, q));
    }

    /// <summary>The inverse transform.</summary>
    public RigidPose Inverse()
    {
        // Rᵀ has R's rows as columns.
        var c0 = new Float3(Right.X, Down.X, Forward.X);
        var c1 = new Float3(Right.Y, Down.Y, Forward.Y);
        var c2 = new Float3(Right.Z, Down.Z, Forward.Z);
        var t = -(c0 * Position.X + c1 * Position.Y + c2 * Position.Z);
        return new RigidPose(c0, c1, c2, t);
    }

    /// <summary>Composition: (a ∘ b)(x) = a(b(x)).</summary>
    public static RigidPose Compose(RigidPose a, RigidPose b) =>
        new(a.RotateToWorld(b.Right), a.RotateToWorld(b.Down), a.RotateToWorld(b.Forward), a.ToWorld(b.Position));

    /// <summary>The 4×4 row-major homogeneous matrix [R t; 0 1].</summary>
    public double[] ToMatrix4x4() =>
    [
        Right.X, Down.X, Forward.X, Position.X,
        Right.Y, Down.Y, Forward.Y, Position.Y,
        Right.Z, Down.Z, Forward.Z, Position.Z,
        0, 0, 0, 1,
    ];

    /// <summary>Reads a 4×4 row-major homogeneous matrix written by <see cref="ToMatrix4x4"/>.</summary>
    /// <exception cref="ArgumentException">Not 16 values.</exception>
    public static RigidPose FromMatrix4x4(IReadOnlyList<double> m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.Count != 16) throw new ArgumentException($"A pose matrix has 16 values, got {m.Count}.", nameof(m));
        return new RigidPose(
            new Float3((float)m[0], (float)m[4], (float)m[8]),
            new Float3((float)m[1], (float)m[5], (float)m[9]),
            new Float3((float)m[2], (float)m[6], (float)m[10]),
            new Float3((float)m[3], (float)m[7], (float)m[11]));
    }

    /// <inheritdoc />
    public bool Equals(RigidPose other) =>
        Right == other.Right && Down == other.Down && Forward == other.Forward && Position == other.Position;
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RigidPose p && Equals(p);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Right, Down, Forward, Position);
    /// <summary>Exact equality.</summary>
    public static bool operator ==(RigidPose a, RigidPose b) => a.Equals(b);
    /// <summary>Exact inequality.</summary>
    public static bool operator !=(RigidPose a, RigidPose b) => !a.Equals(b);
}
