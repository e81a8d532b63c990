using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Crf;

/// <summary>
/// The prediction of an ensemble under test-time mirrors: the geometric mean over members k and mirrors m,
/// ln ẑ(x) = 1/(K·M) Σ_k Σ_m ln m⁻¹(f_k(m(I), m(C)))(x), where m mirrors (or transposes, then mirrors) the
/// image I and its camera C. Averaging log depths keeps the mean scale-free, like the CRF's own log-depth target.
/// Members sharing superpixel and pairwise settings share each mirror's segmentation.
/// </summary>
internal static class EnsemblePrediction
{
    public static DepthMap Average(IReadOnlyList<CrfModel> members, TestTimeMirrors mirrors, ImageF image,
        CameraModel? camera, CancellationToken cancellationToken)
    {
        int w = image.Width, h = image.Height;
        var sumLn = new double[w * h];
        var count = new int[w * h];
        foreach (var (mx, my, transpose) in Views(mirrors))
        {
            var view = transpose ? image.Transposed() : image;
            var viewCamera = transpose ? camera?.Transposed() : camera;
            if (mx || my)
            {
                view = view.Mirrored(mx, my);
                viewCamera = viewCamera?.Mirrored(mx, my);
            }
            var prepared = new Dictionary<(Superpixels.SlicSettings, Features.PairwiseSettings), PreparedImage>();
            foreach (var member in members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = (member.Settings.Slic, member.Settings.Pairwise);
                if (!prepared.TryGetValue(key, out var p))
                    prepared[key] = p = PreparedImage.Create(view, member.Settings, cancellationToken);
                var depth = member.Predict(p, viewCamera, cancellationToken);
                if (mx || my) depth = depth.Mirrored(mx, my);
                if (transpose) depth = depth.Transposed();
                for (var i = 0; i < sumLn.Length; i++)
                {
                    if (!depth.Valid[i]) continue;
                    sumLn[i] += Math.Log(depth.Millimetres[i]);
                    count[i]++;
                }
            }
        }
        var mm = new float[w * h];
        for (var i = 0; i < mm.Length; i++) mm[i] = count[i] > 0 ? (float)Math.Exp(sumLn[i] / count[i]) : 0f;
        return new DepthMap(w, h, mm);
    }

    /// <summary>
    /// (mirror left–right, mirror top–bottom, transpose first) of each view, the image itself first.
    /// </summary>
    public static IEnumerable<(bool X, bool Y, bool Transpose)> Views(TestTimeMirrors mirrors) => mirrors switch
    {
        TestTimeMirrors.None => [(false, false, false)],
        TestTimeMirrors.Horizontal => [(false, false, false), (true, false, false)],
        TestTimeMirrors.Both => [(false, false, false), (true, false, false), (false, true, false),
            (true, true, false)],
        TestTimeMirrors.Dihedral => [(false, false, false), (true, false, false), (false, true, false),
            (true, true, false), (false, false, true), (true, false, true), (false, true, true), (true, true, true)],
        _ => throw new ArgumentOutOfRangeException(nameof(mirrors), mirrors, "Unknown mirror set."),
    };
}
