using EndoDepth.Geometry;

namespace EndoDepth.IO.Nifti;

/// <summary>
/// NIfTI-1 voxel-to-world transforms (qform quaternion and sform rows) and their conversion to
/// <see cref="Volumes.CtVolume"/> geometry. NIfTI world coordinates are RAS+ (+x towards the patient's right, +y
/// anterior, +z superior); DICOM and CtVolume use LPS+ (+x left, +y posterior, +z superior), so converting negates x
/// and y: (xL, yP, zS) = (−xR, −yA, zS).
/// </summary>
internal static class NiftiGeometry
{
    /// <summary>
    /// The 3×4 RAS affine (rows x, y, z; columns i, j, k, offset) from the qform (nifti1.h "method 2").
    /// </summary>
    public static double[,] FromQuaternion(double b, double c, double d, double qx, double qy, double qz,
        double dx, double dy, double dz, double qfac)
    {
        // a = sqrt(1 − b² − c² − d²); a degenerate (> 1) quaternion is renormalised with a = 0, as nifti1_io
        // does.
        var s = b * b + c * c + d * d;
        double a;
        if (s > 1.0) { var n = Math.Sqrt(s); b /= n; c /= n; d /= n; a = 0; }
        else a = Math.Sqrt(1.0 - s);
        if (qfac < 0) dz = -dz; // qfac = pixdim[0] = −1 flips the k axis (left-handed storage)
        var r = new double[3, 3]
        {
            { a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c) },
            { 2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b) },
            { 2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b },
        };
        var m = new double[3, 4];
        var sp = new[] { dx, dy, dz };
        for (var row = 0; row < 3; row++)
            for (var col = 0; col < 3; col++)
                m[row, col] = r[row, col] * sp[col];
        m[0, 3] = qx; m[1, 3] = qy; m[2, 3] = qz;
        return m;
    }

    /// <summary>
    /// The qform quaternion (b, c, d) and qfac of an orthonormal rotation-or-reflection matrix <paramref name="r"/>
    /// (columns = unit RAS directions of i, j, k); nifti1_io's nifti_mat44_to_quatern without the polar step.
    /// </summary>
    public static (double B, double C, double D, double QFac) ToQuaternion(double[,] r)
    {
        var m = (double[,])r.Clone();
        var det = m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
                - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
                + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        var qfac = 1.0;
        if (det < 0) { qfac = -1; m[0, 2] = -m[0, 2]; m[1, 2] = -m[1, 2]; m[2, 2] = -m[2, 2]; }
        double a = m[0, 0] + m[1, 1] + m[2, 2] + 1, b, c, d;
        if (a > 0.5)
        {
            a = 0.5 * Math.Sqrt(a);
            b = 0.25 * (m[2, 1] - m[1, 2]) / a; c = 0.25 * (m[0, 2] - m[2, 0]) / a; d = 0.25 * (m[1, 0] - m[0, 1]) / a;
        }
        else
        {
            var xd = 1 + m[0, 0] - (m[1, 1] + m[2, 2]);
            var yd = 1 + m[1, 1] - (m[0, 0] + m[2, 2]);
            var zd = 1 + m[2, 2] - (m[0, 0] + m[1, 1]);
            if (xd > 1)
            {
                b = 0.5 * Math.Sqrt(xd);
                c = 0.25 * (m[0, 1] + m[1, 0]) / b;
                d = 0.25 * (m[0, 2] + m[2, 0]) / b;
                a = 0.25 * (m[2, 1] - m[1, 2]) / b;
            }
            else if (yd > 1)
            {
                c = 0.5 * Math.Sqrt(yd);
                b = 0.25 * (m[0, 1] + m[1, 0]) / c;
                d = 0.25 * (m[1, 2] + m[2, 1]) / c;
                a = 0.25 * (m[0, 2] - m[2, 0]) / c;
            }
            else
            {
                d = 0.5 * Math.Sqrt(zd);
                b = 0.25 * (m[0, 2] + m[2, 0]) / d;
                c = 0.25 * (m[1, 2] + m[2, 1]) / d;
                a = 0.25 * (m[1, 0] - m[0, 1]) / d;
            }
            if (a < 0) { b = -b; c = -c; d = -d; }
        }
        return (b, c, d, qfac);
    }

    /// <summary>Splits a RAS affine into spacing (column norms), LPS origin and LPS unit directions.</summary>
    /// <returns>Null when a column has zero or non-finite length.</returns>
    public static (Float3 Spacing, Float3 Origin, Float3 I, Float3 J, Float3 K)? ToLps(double[,] ras)
    {
        var sp = new double[3];
        var dirs = new Float3[3];
        for (var col = 0; col < 3; col++)
        {
            double x = ras[0, col], y = ras[1, col], z = ras[2, col];
            var n = Math.Sqrt(x * x + y * y + z * z);
            if (!(n > 0) || !double.IsFinite(n)) return null;
            sp[col] = n;
            dirs[col] = new Float3((float)(-x / n), (float)(-y / n), (float)(z / n)); // RAS → LPS
        }
        var origin = new Float3((float)-ras[0, 3], (float)-ras[1, 3], (float)ras[2, 3]);
        if (!float.IsFinite(origin.X + origin.Y + origin.Z)) return null;
        return (new Float3((float)sp[0], (float)sp[1], (float)sp[2]), origin, dirs[0], dirs[1], dirs[2]);
    }

    /// <summary>The RAS affine of a CtVolume's LPS geometry.</summary>
    public static double[,] FromLps(Float3 spacing, Float3 origin, Float3 i, Float3 j, Float3 k)
    {
        var m = new double[3, 4];
        var cols = new[] { (i, spacing.X), (j, spacing.Y), (k, spacing.Z) };
        for (var c = 0; c < 3; c++)
        {
            var (d, s) = cols[c];
            m[0, c] = -(double)d.X * s; m[1, c] = -(double)d.Y * s; m[2, c] = (double)d.Z * s;
        }
        m[0, 3] = -(double)origin.X; m[1, 3] = -(double)origin.Y; m[2, 3] = origin.Z;
        return m;
    }
}
