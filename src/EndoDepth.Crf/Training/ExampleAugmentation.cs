using EndoDepth.Imaging;

namespace EndoDepth.Crf.Training;

/// <summary>
/// Applies <see cref="AugmentationSettings"/> to a training example: flips and a rotation about the image centre move
/// the image (bilinear), each pixel's node (nearest) and the centroids together; pixels that come from outside the
/// image are black and belong to no node. An optional filmic re-development, then gain and gamma, change the
/// intensities. Draws come from the given random stream only, so a seeded run is reproducible; the tone curve draws
/// only when it is on, so runs without it draw what they drew before it existed.
/// </summary>
internal static class ExampleAugmentation
{
    public static TrainingExample Apply(TrainingExample e, AugmentationSettings s, Random rng)
    {
        bool fx = s.FlipHorizontal && rng.NextDouble() < 0.5, fy = s.FlipVertical && rng.NextDouble() < 0.5;
        var angle = s.Rotate ? 2 * Math.PI * rng.NextDouble() : 0;
        var gain = Math.Exp((2 * rng.NextDouble() - 1) * Math.Log(s.MaxGain));
        var gamma = Math.Exp((2 * rng.NextDouble() - 1) * Math.Log(s.MaxGamma));
        var src = e.Image;
        if (s.ToneCurveProbability > 0)
        {
            var develop = rng.NextDouble() < s.ToneCurveProbability;
            var exposure = Math.Exp((2 * rng.NextDouble() - 1) * Math.Log(s.MaxExposure));
            if (develop) src = FilmicToneCurve.Apply(src, exposure);
        }
        int w = src.Width, h = src.Height, nc = src.Channels;
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0, cos = Math.Cos(angle), sin = Math.Sin(angle);
        // Forward map of a source point: mirror, then rotate by +angle about the centre.
        (double X, double Y) Forward(double x, double y)
        {
            double dx = (fx ? w - 1 - x : x) - cx, dy = (fy ? h - 1 - y : y) - cy;
            return (cx + cos * dx - sin * dy, cy + sin * dx + cos * dy);
        }
        var image = new ImageF(w, h, nc);
        var nodes = new int[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                // Inverse map: rotate back by −angle, then mirror.
                double dx = x - cx, dy = y - cy;
                double sx = cx + cos * dx + sin * dy, sy = cy - sin * dx + cos * dy;
                if (fx) sx = w - 1 - sx;
                if (fy) sy = h - 1 - sy;
                int nx = (int)Math.Round(sx), ny = (int)Math.Round(sy);
                var inside = nx >= 0 && ny >= 0 && nx < w && ny < h;
                nodes[y * w + x] = inside ? e.NodeOfPixel[ny * w + nx] : -1;
                if (!inside) continue;
                for (var c = 0; c < nc; c++)
                    image[x, y, c] = (float)Math.Clamp(gain * Math.Pow(Math.Max(0, Bilinear(src, sx, sy, c)), gamma), 0,
                        1);
            }
        var n = e.Graph.NodeCount;
        var ncx = new float[n]; var ncy = new float[n];
        for (var p = 0; p < n; p++)
        {
            var (X, Y) = Forward(e.CentroidX[p], e.CentroidY[p]);
            ncx[p] = (float)X;
            ncy[p] = (float)Y;
        }
        // Flips and rotations about the centre keep every pixel's ray angle for a centred camera: the camera stays.
        return new TrainingExample(e.Id, image, nodes, ncx, ncy, e.Graph, e.Similarities, e.Targets)
            .WithCamera(e.Camera);
    }

    private static double Bilinear(ImageF img, double x, double y, int c)
    {
        x = Math.Clamp(x, 0, img.Width - 1); y = Math.Clamp(y, 0, img.Height - 1);
        int x0 = (int)x, y0 = (int)y, x1 = Math.Min(x0 + 1, img.Width - 1), y1 = Math.Min(y0 + 1, img.Height - 1);
        double ax = x - x0, ay = y - y0;
        return (1 - ay) * ((1 - ax) * img[x0, y0, c] + ax * img[x1, y0, c])
            + ay * ((1 - ax) * img[x0, y1, c] + ax * img[x1, y1, c]);
    }
}
