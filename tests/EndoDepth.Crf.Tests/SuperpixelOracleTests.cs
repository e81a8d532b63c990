using EndoDepth.Crf.Baselines;
using EndoDepth.Crf.Dense;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Tests;

/// <summary>
/// The superpixel oracle on block images whose superpixels are the blocks, against hand-computed depths.
/// </summary>
public class SuperpixelOracleTests
{
    private const int Side = 48, Blocks = 3, Block = Side / Blocks;

    /// <summary>3×3 uniform blocks of distinct grey values.</summary>
    private static ImageF BlockImage()
    {
        var img = new ImageF(Side, Side);
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++) img[x, y] = 0.1f + 0.09f * (x / Block + Blocks * (y / Block));
        return img;
    }

    private static CrfModelSettings Settings(DenseFill fill = DenseFill.Assignment) =>
        CrfModelSettings.Tiny(Blocks * Blocks) with { Dense = new DenseSettings(fill) };

    private static DepthMap Depth(Func<int, int, float> mm)
    {
        var d = new float[Side * Side];
        for (var y = 0; y < Side; y++) for (var x = 0; x < Side; x++) d[y * Side + x] = mm(x, y);
        return new DepthMap(Side, Side, d);
    }

    [Fact]
    public void The_test_image_is_segmented_into_its_blocks()
    {
        var seg = Slic.Segment(BlockImage(), Settings().Slic);
        Assert.Equal(Blocks * Blocks, seg.Count);
        for (var y = 0; y < Side; y++)
            for (var x = 0; x < Side; x++)
                Assert.Equal(seg.Labels[(y / Block * Block) * Side + x / Block * Block], seg.Labels[y * Side + x]);
    }

    [Fact]
    public void Depth_constant_per_superpixel_comes_back_exactly()
    {
        var gt = Depth((x, y) => 10 + 7 * (x / Block) + 3.5f * (y / Block));
        var o = new SuperpixelOracle(Settings()).Estimate(BlockImage(), gt);
        Assert.Equal(gt.Millimetres, o.Millimetres);
        Assert.Equal(Side * Side, o.ValidCount);
    }

    [Fact]
    public void Each_superpixel_gets_the_mean_of_its_valid_pixels()
    {
        // 20 mm on even columns, 40 mm on odd ones, columns x ≡ 1 (mod 6) invalid: a block's mean is its valid
        // columns' mean.
        var gt = Depth((x, y) => x % 2 == 0 ? 20 : x % 6 == 1 ? 0 : 40);
        var o = new SuperpixelOracle(Settings()).Estimate(BlockImage(), gt);
        for (var by = 0; by < Blocks; by++)
            for (var bx = 0; bx < Blocks; bx++)
            {
                double sum = 0; var n = 0;
                for (var x = bx * Block; x < (bx + 1) * Block; x++)
                {
                    if (x % 6 == 1) continue;
                    sum += Block * (x % 2 == 0 ? 20 : 40); n += Block;
                }
                Assert.Equal(sum / n, o[bx * Block + 3, by * Block + 3], 4);
            }
    }

    [Fact]
    public void A_superpixel_without_valid_pixels_takes_its_valid_neighbours_mean_else_the_image_mean()
    {
        // Valid only in the top-left (10 mm) and bottom-right (40 mm) blocks. Edge blocks touching one of them take its
        // value; the centre and the other two corners touch neither and take the image mean, 25 mm.
        var gt = Depth((x, y) => (x / Block, y / Block) switch { (0, 0) => 10, (2, 2) => 40, _ => 0 });
        var o = new SuperpixelOracle(Settings()).Estimate(BlockImage(), gt);
        float[,] expected = { { 10, 10, 25 }, { 10, 25, 40 }, { 25, 40, 40 } }; // [row, column]
        for (var by = 0; by < Blocks; by++)
            for (var bx = 0; bx < Blocks; bx++)
                Assert.Equal(expected[by, bx], o[bx * Block + 5, by * Block + 5], 4);
    }

    [Fact]
    public void The_edge_aware_fill_of_a_constant_depth_is_that_depth()
    {
        var o = new SuperpixelOracle(Settings(DenseFill.EdgeAware)).Estimate(BlockImage(), Depth((_, _) => 17));
        Assert.All(o.Millimetres, v => Assert.Equal(17, v, 4));
    }

    [Fact]
    public void No_valid_pixel_gives_an_all_invalid_map_and_a_size_mismatch_is_refused()
    {
        var oracle = new SuperpixelOracle(Settings());
        Assert.Equal(0, oracle.Estimate(BlockImage(), new DepthMap(Side, Side)).ValidCount);
        Assert.Throws<ArgumentException>(() => oracle.Estimate(BlockImage(), new DepthMap(Side, Side - 1)));
    }
}
