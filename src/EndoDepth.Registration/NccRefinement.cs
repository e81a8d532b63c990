using EndoDepth.Geometry;

namespace EndoDepth.Registration;

/// <summary>
/// The final local refinement of a registration (ours; the paper names the one-plus-one optimiser only):
/// Levenberg–Marquardt on the normalised-cross-correlation residual. With â and b̂ the two images made zero-mean
/// and unit-norm over a common mask, 1 − NCC = ½‖â − b̂‖², so maximising NCC is the least-squares problem
/// min ½‖r(p)‖², r(p) = â(p) − b̂, over the 6-DoF pose increment p = (δt in mm, ω in degrees). Each
/// iteration renders the view at the current pose and at ±h along each of the six axes (central differences, 13
/// views), solves (JᵀJ + λ·diag JᵀJ)·δ = −Jᵀr (Levenberg 1944, Marquardt 1963) and takes δ when the NCC at
/// the new pose (scored with that pose's own mask) is higher; otherwise λ grows and a shorter step is tried. Where the
/// (1+1)-ES's isotropic steps crawl along the objective's narrow valleys (roll about the optical axis and sideways
/// translation are nearly exchangeable in a tubular lumen), Gauss–Newton steps follow them.
/// </summary>
internal static class NccRefinement
{
    /// <summary>A view of the search: the grey image at a pose and the pixels where it is valid.</summary>
    public delegate (float[] Grey, bool[] Valid) Render(RigidPose pose);

    /// <summary>Refines <paramref name="start"/>; <paramref name="score"/> is the NCC at a pose with its own mask,
    /// <paramref name="startScore"/> its value at the start. Returns the best pose, its score and the views
    /// rendered.</summary>
    public static (RigidPose Pose, double Score, int Evaluations) Refine(RigidPose start, double startScore,
        float[] optical, Render render, Func<RigidPose, double> score, RefinementSettings settings,
        CancellationToken cancellationToken)
    {
        var pose = start;
        var best = startScore;
        var evaluations = 0;
        var lambda = settings.InitialDamping;
        var h = settings.DifferenceStep;
        for (var iteration = 0; iteration < settings.MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var centre = render(pose);
            var plus = new float[6][];
            var minus = new float[6][];
            var mask = (bool[])centre.Valid.Clone();
            for (var k = 0; k < 6; k++)
            {
                var p = render(Step(pose, k, h));
                var m = render(Step(pose, k, -h));
                plus[k] = p.Grey;
                minus[k] = m.Grey;
                for (var i = 0; i < mask.Length; i++) mask[i] &= p.Valid[i] && m.Valid[i];
            }
            evaluations += 13;
            var b = Normalised(optical, mask);
            var a = Normalised(centre.Grey, mask);
            if (a is null || b is null) break;
            // J (pixels × 6) by central differences of the normalised view; JᵀJ and Jᵀr.
            var jacobian = new double[6][];
            for (var k = 0; k < 6; k++)
            {
                var ap = Normalised(plus[k], mask);
                var am = Normalised(minus[k], mask);
                if (ap is null || am is null) return (pose, best, evaluations);
                jacobian[k] = new double[mask.Length];
                for (var i = 0; i < mask.Length; i++) jacobian[k][i] = (ap[i] - am[i]) / (2 * h);
            }
            var jtj = new double[6, 6];
            var jtr = new double[6];
            for (var k = 0; k < 6; k++)
            {
                for (var i = 0; i < mask.Length; i++) jtr[k] += jacobian[k][i] * (a[i] - b[i]);
                for (var l = 0; l <= k; l++)
                {
                    double s = 0;
                    for (var i = 0; i < mask.Length; i++) s += jacobian[k][i] * jacobian[l][i];
                    jtj[k, l] = jtj[l, k] = s;
                }
            }
            var improved = false;
            double stepLength = 0;
            for (var attempt = 0; attempt < settings.MaxDampingIncreases && !improved; attempt++)
            {
                var delta = Solve(jtj, jtr, lambda);
                if (delta is null) { lambda *= 4; continue; }
                stepLength = Math.Sqrt(delta.Sum(d => d * d));
                var candidate = Apply(pose, delta);
                var f = score(candidate);
                evaluations++;
                if (f > best)
                {
                    pose = candidate;
                    best = f;
                    lambda = Math.Max(lambda / 3, 1e-6);
                    improved = true;
                }
                else lambda *= 4;
            }
            if (!improved || stepLength < settings.Tolerance) break;
        }
        return (pose, best, evaluations);
    }

    /// <summary>The pose moved by δt = p[0..2] mm and turned by ω = p[3..5] degrees (world frame).</summary>
    internal static RigidPose Apply(RigidPose pose, ReadOnlySpan<double> p) => PoseIncrement.Apply(pose,
        new Float3((float)p[0], (float)p[1], (float)p[2]),
        new Float3((float)p[3], (float)p[4], (float)p[5]) * (MathF.PI / 180f));

    private static RigidPose Step(RigidPose pose, int axis, double h)
    {
        Span<double> p = stackalloc double[6];
        p[axis] = h;
        return Apply(pose, p);
    }

    /// <summary>(v − v̄)/‖v − v̄‖ over the mask, 0 outside it; null when the mask is nearly empty or v is
    /// constant there.</summary>
    private static double[]? Normalised(float[] v, bool[] mask)
    {
        double sum = 0;
        var n = 0;
        for (var i = 0; i < v.Length; i++) if (mask[i]) { sum += v[i]; n++; }
        if (n < 16) return null;
        var mean = sum / n;
        var o = new double[v.Length];
        double norm = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (!mask[i]) continue;
            o[i] = v[i] - mean;
            norm += o[i] * o[i];
        }
        if (!(norm > 0)) return null;
        var inv = 1 / Math.Sqrt(norm);
        for (var i = 0; i < o.Length; i++) o[i] *= inv;
        return o;
    }

    /// <summary>δ = −(JᵀJ + λ·diag JᵀJ)⁻¹·Jᵀr by Cholesky; null when the matrix is not positive
    /// definite.</summary>
    internal static double[]? Solve(double[,] jtj, double[] jtr, double lambda)
    {
        var a = new double[6, 6];
        for (var i = 0; i < 6; i++)
            for (var j = 0; j < 6; j++) a[i, j] = jtj[i, j] + (i == j ? lambda * jtj[i, i] + 1e-12 : 0);
        for (var j = 0; j < 6; j++) // in-place Cholesky, a = L·Lᵀ in the lower triangle
        {
            var d = a[j, j];
            for (var k = 0; k < j; k++) d -= a[j, k] * a[j, k];
            if (!(d > 0)) return null;
            a[j, j] = Math.Sqrt(d);
            for (var i = j + 1; i < 6; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= a[i, k] * a[j, k];
                a[i, j] = s / a[j, j];
            }
        }
        var y = new double[6];
        for (var i = 0; i < 6; i++)
        {
            var s = -jtr[i];
            for (var k = 0; k < i; k++) s -= a[i, k] * y[k];
            y[i] = s / a[i, i];
        }
        var x = new double[6];
        for (var i = 5; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < 6; k++) s -= a[k, i] * x[k];
            x[i] = s / a[i, i];
        }
        return x;
    }
}
