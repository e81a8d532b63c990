using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Runtime;
using static TorchSharp.torch;

namespace EndoDepth.Crf.Tests;

/// <summary>
/// Superpixel pooling (DCNF-FCSP) against torch's own bilinear upsampling: P·F must equal the per-superpixel mean of
/// <c>interpolate(F, (H, W), bilinear, align_corners: false)</c>, in value and in gradient.
/// </summary>
[Collection(TorchCollection.Name)]
public class SuperpixelPoolingTests
{
    public SuperpixelPoolingTests() => TorchRuntime.Initialize(threads: 1);

    private static int[] Labels(int w, int h, int nodes, int seed)
    {
        // Irregular regions: each pixel takes the node of the nearest of `nodes` random seeds; a few pixels are −1.
        var rng = new Random(seed);
        var sx = Enumerable.Range(0, nodes).Select(_ => rng.NextDouble() * w).ToArray();
        var sy = Enumerable.Range(0, nodes).Select(_ => rng.NextDouble() * h).ToArray();
        var labels = new int[w * h];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var best = 0;
                for (var k = 1; k < nodes; k++)
                    if (Math.Pow(x - sx[k], 2) + Math.Pow(y - sy[k], 2)
                        < Math.Pow(x - sx[best], 2) + Math.Pow(y - sy[best], 2))
                        best = k;
                labels[y * w + x] = (x + y) % 17 == 0 ? -1 : best;
            }
        return labels;
    }

    [Theory]
    [InlineData(37, 29, 5, 4, 9, 1)]
    [InlineData(64, 64, 8, 8, 20, 2)]
    [InlineData(20, 31, 11, 6, 3, 3)]
    public void Pooling_equals_the_superpixel_mean_of_torchs_bilinear_upsampling(int w, int h, int fw, int fh,
        int nodes, int seed)
    {
        using var scope = NewDisposeScope();
        var labels = Labels(w, h, nodes, seed);
        manual_seed(seed);
        var f = randn(1, 3, fh, fw, dtype: ScalarType.Float64).requires_grad_(true);

        // Reference: torch upsamples, then each superpixel's pixels are averaged.
        var up = nn.functional.interpolate(f, [h, w], mode: InterpolationMode.Bilinear, align_corners: false)
            .view(3, h * w);
        var idx = tensor(labels.Select(l => (long)(l < 0 ? nodes : l)).ToArray());
        var sums = zeros(nodes + 1, 3, dtype: ScalarType.Float64).index_add(0, idx, up.t(), 1.0);
        var counts = zeros(nodes + 1, dtype: ScalarType.Float64)
            .index_add(0, idx, ones(h * w, dtype: ScalarType.Float64), 1.0);
        var reference = (sums / counts.clamp_min(1).unsqueeze(1)).narrow(0, 0, nodes);

        var pool = SuperpixelPooling.Matrix(labels, w, h, nodes, fh, fw).to(ScalarType.Float64);
        var pooled = pool.mm(f.view(3, fh * fw).t());
        Assert.True(pooled.allclose(reference, rtol: 1e-5, atol: 1e-6),
            $"max |Δ| {(pooled - reference).abs().max().item<double>()}");

        var weights = randn(nodes, 3, dtype: ScalarType.Float64);
        var gradRef = autograd.grad([(reference * weights).sum()], [f])[0];
        var grad = autograd.grad([(pooled * weights).sum()], [f])[0];
        Assert.True(grad.allclose(gradRef, rtol: 1e-5, atol: 1e-6),
            "gradients flow through the pooling as through upsampling + mean");
    }

    [Fact]
    public void Rows_of_superpixels_with_pixels_sum_to_one_and_labels_out_of_range_are_refused()
    {
        var labels = Labels(16, 12, 4, 7);
        var m = SuperpixelPooling.Matrix(labels, 16, 12, 4, 3, 4).sum(1).data<float>().ToArray();
        Assert.All(m, s => Assert.Equal(1f, s, 5));
        labels[5] = 4;
        Assert.Throws<ArgumentException>(() => SuperpixelPooling.Matrix(labels, 16, 12, 4, 3, 4));
        Assert.Throws<ArgumentException>(() => SuperpixelPooling.Matrix(labels.AsSpan(1).ToArray(), 16, 12, 4, 3, 4));
    }
}
