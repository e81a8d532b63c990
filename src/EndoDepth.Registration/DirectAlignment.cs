using EndoDepth.Geometry;

namespace EndoDepth.Registration;

/// <summary>
/// Direct (photometric) alignment of the frame to a virtual view, Lucas–Kanade on the pose (ours; Lucas &amp;
/// Kanade 1981, the forwards-additive form of Baker &amp; Matthews 2004): the view rendered at pose P₀ fixes, at
/// each pixel i with depth, a world point Xᵢ and its virtual grey vᵢ; the pose P is then moved so that the
/// frame, sampled where P sees Xᵢ, matches them up to a gain and offset:
/// min Σᵢ wᵢ·(G(π(P⁻¹Xᵢ)) − a·vᵢ·Fᵢ(P)^γ − b)²,
/// a and b refitted by least squares at every step. The lights ride on the tip, so a surface point's shading
/// changes as the camera moves: Fᵢ = (cos θᵢ/cos θᵢ₀)·(dᵢ₀/dᵢ)² is the change of the
/// inverse-square Lambertian term (eq. of §2.1.1 with the lights at the camera centre c, dᵢ = |Xᵢ − c|,
/// cos θᵢ = nᵢ·(c − Xᵢ)/dᵢ), raised to the stage's comparison power γ (x^γ compared; 0 leaves vᵢ
/// fixed). Gauss–Newton steps use the frame's own image gradient, ∂G/∂p = ∇G·∂π/∂p, so no view is
/// rendered inside the loop — unlike <see cref="NccRefinement"/>, whose finite differences of rendered views
/// follow the Monte Carlo roughness of a path-traced objective. Coarse to fine over Gaussian blurs of both images
/// (σ = 2, 1, ½ px) for a basin of a few pixels; Huber weights wᵢ (k = 1.345 robust σ) discount highlights
/// and unmodelled texture. The view is rendered again at the new pose (the lights move with the tip, so the shading
/// changes) and the outer loop goes on from there until three iterations in a row bring no higher similarity of the
/// stage; the pose of the best similarity wins.
/// </summary>
internal static class DirectAlignment
{
    private static readonly float[] BlurScales = [2f, 1f, 0.5f];
    private const int InnerIterations = 8;
    private const int Patience = 3; // outer iterations without a higher similarity before it stops
    private const double DifferenceStep = 0.02; // mm and degrees, for ∂π/∂p

    /// <summary>A view at a pose: its grey image on the stage's scale, the pixels compared, its depth and
    /// normals.</summary>
    public delegate (float[] Grey, bool[] Valid, VirtualView View) Render(RigidPose pose);

    /// <summary>A template point: its world position, pixel, world normal, distance and cosine at the view's
    /// pose.</summary>
    private readonly record struct Point(Float3 World, int Pixel, Float3 Normal, float Distance, float Cosine);

    /// <summary>Aligns from <paramref name="start"/> (similarity <paramref name="startScore"/>) for at most
    /// <paramref name="outerIterations"/> renders after the start's, the shading compared as
    /// x^<paramref name="lightingExponent"/> (0: no lighting change); <paramref name="score"/> is the stage's
    /// similarity of a rendered view. Each view is rendered once: it is scored and then the next iteration's template.
    /// Returns the pose of the best similarity, that similarity and the views rendered.</summary>
    public static (RigidPose Pose, double Score, int Evaluations) Align(RigidPose start, double startScore,
        float[] frame, bool[] frameValid, CameraModel camera, Render render,
        Func<(float[] Grey, bool[] Valid, VirtualView View), double> score, int outerIterations,
        double lightingExponent, CancellationToken cancellationToken)
    {
        var (w, h) = (camera.Width, camera.Height);
        var frames = BlurScales.Select(s => Gradients(Blur(frame, frameValid, w, h, s), w, h)).ToArray();
        var pose = start;
        var best = startScore;
        var current = start;
        var view = render(start);
        var evaluations = 1;
        var misses = 0;
        for (var outer = 0; outer < outerIterations; outer++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var points = new List<Point>();
            var normals = view.View.Normals.Data;
            var depth = view.View.Depth.Millimetres;
            for (var i = 0; i < view.Valid.Length; i++)
            {
                if (!view.Valid[i]) continue;
                var x = current.ToWorld(camera.UnprojectZDepth(i % w + 0.5f, i / w + 0.5f, depth[i]));
                var normal = new Float3(normals[i], normals[w * h + i], normals[2 * w * h + i]);
                var d = (x - current.Position).Length;
                points.Add(new Point(x, i, normal, d, Cosine(normal, x, current.Position, d)));
            }
            if (points.Count < 64) break;
            var candidate = current;
            for (var s = 0; s < BlurScales.Length; s++)
            {
                var template = Blur(view.Grey, view.Valid, w, h, BlurScales[s]).Grey;
                for (var it = 0; it < InnerIterations; it++)
                {
                    var step = GaussNewtonStep(candidate, points, template, frames[s], camera, lightingExponent);
                    if (step is null) break;
                    candidate = NccRefinement.Apply(candidate, step);
                    if (Math.Sqrt(step.Sum(d => d * d)) < 1e-3) break;
                }
            }
            view = render(candidate);
            evaluations++;
            var f = score(view);
            current = candidate;
            if (f > best) (pose, best, misses) = (candidate, f, 0);
            else if (++misses >= Patience) break;
        }
        return (pose, best, evaluations);
    }

    /// <summary>One Gauss–Newton step δ (δt mm, ω degrees) of the robust, gain-and-offset-fitted residual at
    /// <paramref name="pose"/>; null when too few points land on valid frame pixels.</summary>
    private static double[]? GaussNewtonStep(RigidPose pose, List<Point> points, float[] template,
        FrameGradients frame, CameraModel camera, double gamma)
    {
        var perturbed = new RigidPose[12];
        for (var k = 0; k < 6; k++)
        {
            var p = new double[6];
            p[k] = DifferenceStep;
            perturbed[2 * k] = NccRefinement.Apply(pose, p);
            p[k] = -DifferenceStep;
            perturbed[2 * k + 1] = NccRefinement.Apply(pose, p);
        }
        var n = points.Count;
        var g = new double[n];
        var v = new double[n];
        var lighting = new Float3[n]; // ∂(γ ln Fᵢ)/∂c
        var jacobian = new double[n * 6];
        var used = new bool[n];
        Span<double> du = stackalloc double[6];
        Span<double> dv = stackalloc double[6];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            var x = points[i].World;
            if (!camera.Project(pose.ToCamera(x), out var u0, out var v0)) continue;
            if (!frame.Sample(u0 - 0.5f, v0 - 0.5f, out var gi, out var gx, out var gy)) continue;
            var ok = true;
            for (var k = 0; k < 6 && ok; k++)
            {
                ok = camera.Project(perturbed[2 * k].ToCamera(x), out var up, out var vp)
                    & camera.Project(perturbed[2 * k + 1].ToCamera(x), out var um, out var vm);
                du[k] = (up - um) / (2 * DifferenceStep);
                dv[k] = (vp - vm) / (2 * DifferenceStep);
            }
            if (!ok) continue;
            for (var k = 0; k < 6; k++) jacobian[i * 6 + k] = gx * du[k] + gy * dv[k];
            // The template's shading at this pose: vᵢ·Fᵢ^γ, ln Fᵢ = ln(cos θ/cos θ₀) − 2 ln(d/d₀), and
            // its gradient in c, ∂ln Fᵢ/∂c = (n + cos θ·e)/(d·cos θ) + 2e/d with e = (X − c)/d (the
            // cosine's part held at grazing).
            var (vi, dl) = ((double)template[points[i].Pixel], Float3.Zero);
            if (gamma > 0)
            {
                var d = (x - pose.Position).Length;
                var e = (x - pose.Position) * (1f / d);
                var cos = Cosine(points[i].Normal, x, pose.Position, d);
                vi *= Math.Exp(gamma * (Math.Log(cos / points[i].Cosine) - 2 * Math.Log(d / points[i].Distance)));
                dl = e * (2f / d);
                if (cos > MinCosine) dl += (points[i].Normal + e * cos) * (1f / (d * cos));
                dl *= (float)gamma;
            }
            (g[i], v[i], lighting[i], used[i]) = (gi, vi, dl, true);
            count++;
        }
        if (count < 64) return null;
        // Gain and offset: the least-squares fit G ≈ a·v + b over the points in use.
        double sv = 0, sg = 0, svv = 0, svg = 0;
        for (var i = 0; i < n; i++)
            if (used[i]) { sv += v[i]; sg += g[i]; svv += v[i] * v[i]; svg += v[i] * g[i]; }
        var varV = svv - sv * sv / count;
        var a = varV > 1e-20 ? (svg - sv * sg / count) / varV : 0;
        var b = (sg - a * sv) / count;
        // The template's own change with the camera centre (the first three parameters):
        // −a·vᵢ·∂(γ ln Fᵢ)/∂c.
        for (var i = 0; i < n; i++)
        {
            if (!used[i]) continue;
            jacobian[i * 6] -= a * v[i] * lighting[i].X;
            jacobian[i * 6 + 1] -= a * v[i] * lighting[i].Y;
            jacobian[i * 6 + 2] -= a * v[i] * lighting[i].Z;
        }
        var residual = new double[n];
        var magnitudes = new List<double>(count);
        for (var i = 0; i < n; i++)
            if (used[i]) { residual[i] = g[i] - a * v[i] - b; magnitudes.Add(Math.Abs(residual[i])); }
        magnitudes.Sort();
        var huber = 1.345 * 1.4826 * magnitudes[magnitudes.Count / 2] + 1e-12;
        var jtj = new double[6, 6];
        var jtr = new double[6];
        for (var i = 0; i < n; i++)
        {
            if (!used[i]) continue;
            var weight = Math.Abs(residual[i]) <= huber ? 1 : huber / Math.Abs(residual[i]);
            for (var k = 0; k < 6; k++)
            {
                var jk = jacobian[i * 6 + k] * weight;
                jtr[k] += jk * residual[i];
                for (var l = 0; l <= k; l++) jtj[k, l] += jk * jacobian[i * 6 + l];
            }
        }
        for (var k = 0; k < 6; k++) for (var l = 0; l < k; l++) jtj[l, k] = jtj[k, l];
        return NccRefinement.Solve(jtj, jtr, 1e-3);
    }

    private const float MinCosine = 0.1f;

    /// <summary>cos θ = n·(c − X)/d, held at <see cref="MinCosine"/> at grazing incidence.</summary>
    private static float Cosine(Float3 normal, Float3 x, Float3 centre, float d) =>
        MathF.Max(MinCosine, Float3.Dot(normal, centre - x) / d);

    /// <summary>A blurred frame with its central-difference gradient, sampled bilinearly where all four neighbours
    /// are valid.</summary>
    private sealed record FrameGradients(float[] Grey, float[] Dx, float[] Dy, bool[] Valid, int Width, int Height)
    {
        public bool Sample(float x, float y, out float value, out float dx, out float dy)
        {
            value = dx = dy = 0;
            if (!(x >= 0 && y >= 0 && x < Width - 1 && y < Height - 1)) return false;
            int x0 = (int)x, y0 = (int)y, i = y0 * Width + x0;
            if (!(Valid[i] && Valid[i + 1] && Valid[i + Width] && Valid[i + Width + 1])) return false;
            float fx = x - x0, fy = y - y0;
            float Lerp(float[] a) => (a[i] * (1 - fx) + a[i + 1] * fx) * (1 - fy)
                + (a[i + Width] * (1 - fx) + a[i + Width + 1] * fx) * fy;
            (value, dx, dy) = (Lerp(Grey), Lerp(Dx), Lerp(Dy));
            return true;
        }
    }

    /// <summary>Central differences of a blurred frame; a pixel is valid when it and its four neighbours are.</summary>
    private static FrameGradients Gradients((float[] Grey, bool[] Valid) blurred, int w, int h)
    {
        var (grey, valid) = blurred;
        var dx = new float[w * h];
        var dy = new float[w * h];
        var ok = new bool[w * h];
        for (var y = 1; y < h - 1; y++)
            for (var x = 1; x < w - 1; x++)
            {
                var i = y * w + x;
                if (!(valid[i] && valid[i - 1] && valid[i + 1] && valid[i - w] && valid[i + w])) continue;
                dx[i] = 0.5f * (grey[i + 1] - grey[i - 1]);
                dy[i] = 0.5f * (grey[i + w] - grey[i - w]);
                ok[i] = true;
            }
        return new FrameGradients(grey, dx, dy, ok, w, h);
    }

    /// <summary>Normalised convolution with a Gaussian of σ px: Σ k·m·x / Σ k·m over the valid pixels m
    /// (separable, radius 3σ); the valid set is unchanged.</summary>
    internal static (float[] Grey, bool[] Valid) Blur(float[] x, bool[] valid, int w, int h, float sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var kernel = new float[2 * radius + 1];
        for (var k = -radius; k <= radius; k++) kernel[k + radius] = MathF.Exp(-0.5f * k * k / (sigma * sigma));
        var num = new float[w * h];
        var den = new float[w * h];
        for (var i = 0; i < w * h; i++) if (valid[i]) { num[i] = x[i]; den[i] = 1; }
        (num, den) = (Pass(num, w, h, kernel, 1, 0), Pass(den, w, h, kernel, 1, 0));
        (num, den) = (Pass(num, w, h, kernel, 0, 1), Pass(den, w, h, kernel, 0, 1));
        var o = new float[w * h];
        for (var i = 0; i < w * h; i++) o[i] = valid[i] && den[i] > 0 ? num[i] / den[i] : 0f;
        return (o, valid);
    }

    private static float[] Pass(float[] a, int w, int h, float[] kernel, int sx, int sy)
    {
        var radius = kernel.Length / 2;
        var o = new float[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                float s = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    int xx = x + k * sx, yy = y + k * sy;
                    if (xx >= 0 && xx < w && yy >= 0 && yy < h) s += kernel[k + radius] * a[yy * w + xx];
                }
                o[y * w + x] = s;
            }
        return o;
    }
}
