using EndoDepth.Geometry;
using EndoDepth.Rendering.Compute;
using EndoDepth.Rendering.Surfaces;
using FsCheck;
using FsCheck.Xunit;

namespace EndoDepth.Rendering.Tests.Surfaces;

/// <summary>
/// The trilinear grid lookup every forward-model step makes: its value against a textbook trilinear interpolation in
/// double precision (floor-based cell, clamped coordinates), and its indices always inside the grid, whatever the
/// coordinates (NaN, infinities, far outside) — the invariant that lets the CPU launcher read the grid unchecked.
/// </summary>
public class GridLookupTests
{
    private const int Nx = 5, Ny = 4, Nz = 3;
    private static readonly float[] Values = MakeValues();

    private static float[] MakeValues()
    {
        var v = new float[Nx * Ny * Nz];
        var rng = new Random(11);
        for (var i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 20 - 10);
        return v;
    }

    private static double Reference(double x, double y, double z)
    {
        x = Math.Clamp(x, 0, Nx - 1.001); y = Math.Clamp(y, 0, Ny - 1.001); z = Math.Clamp(z, 0, Nz - 1.001);
        int i = (int)Math.Floor(x), j = (int)Math.Floor(y), k = (int)Math.Floor(z);
        double fx = x - i, fy = y - j, fz = z - k, sum = 0;
        for (var dz = 0; dz < 2; dz++)
            for (var dy = 0; dy < 2; dy++)
                for (var dx = 0; dx < 2; dx++)
                    sum += Values[(i + dx) + (j + dy) * Nx + (k + dz) * Nx * Ny] *
                           (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * (dz == 1 ? fz : 1 - fz);
        return sum;
    }

    [Property(MaxTest = 500)]
    public void Lookup_equals_textbook_trilinear_interpolation(NormalFloat x, NormalFloat y, NormalFloat z)
    {
        var shape = new SdfGridShape(Nx, Ny, Nz, Float3.Zero, 1f);
        // Mostly inside the grid (the fractional parts matter), sometimes outside (clamping).
        float px = (float)((double)x.Get % 7), py = (float)((double)y.Get % 6), pz = (float)((double)z.Get % 5);
        var got = shape.SampleAt(new HostView<float>(Values), px, py, pz);
        Assert.Equal(Reference(px, py, pz), got, 1e-4);
    }

    [Fact]
    public void Lookup_at_whole_coordinates_is_the_stored_value()
    {
        var shape = new SdfGridShape(Nx, Ny, Nz, Float3.Zero, 1f);
        for (var k = 0; k < Nz - 1; k++)
            for (var j = 0; j < Ny - 1; j++)
                for (var i = 0; i < Nx - 1; i++)
                    Assert.Equal(Values[i + j * Nx + k * Nx * Ny],
                        shape.SampleAt(new HostView<float>(Values), i, j, k), 1e-5f);
    }

    [Fact]
    public void Lookup_indices_stay_inside_the_grid_for_any_coordinates()
    {
        // A checked view throws on any index outside the array: none may occur.
        var shape = new SdfGridShape(2, 2, 2, Float3.Zero, 0.5f);
        var view = new HostView<float>([1, 2, 3, 4, 5, 6, 7, 8]);
        float[] odd =
        [
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, -1e30f, 1e30f, -0f, 0.999f, 1f, 1.0001f, 4e6f,
            5e6f, 1e7f,
        ];
        foreach (var a in odd)
            foreach (var b in odd)
                foreach (var c in odd)
                {
                    var v = shape.SampleAt(view, a, b, c);
                    Assert.InRange(v, 1f, 8f);
                }
    }

    [Fact]
    public void Lookup_indices_stay_inside_the_longest_grid_axis_allowed()
    {
        // Along an axis of SignedDistanceGrid.MaxSamplesPerAxis samples the float cell rounding still keeps the upper
        // corner inside the grid (a checked view throws otherwise), and a longer axis is refused.
        const int n = SignedDistanceGrid.MaxSamplesPerAxis;
        var values = new float[n * 2 * 2];
        var shape = new SdfGridShape(n, 2, 2, Float3.Zero, 1f);
        var view = new HostView<float>(values);
        foreach (var x in new[] { n - 1f, n - 1.0005f, n - 1.001f, n - 1.5f, n - 2f, n - 2.4999f, float.MaxValue })
            _ = shape.SampleAt(view, x, 1f, 1f);
        Assert.Throws<ArgumentException>(
            () => new SignedDistanceGrid("long", n + 1, 2, 2, Float3.Zero, 1f, new float[(n + 1) * 4]));
        Assert.Equal(n, new SignedDistanceGrid("ok", n, 2, 2, Float3.Zero, 1f, values).Nx);
    }

    [Fact]
    public void Unchecked_grid_view_refuses_an_array_whose_length_is_not_the_grid_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => UncheckedHostView<float>.ForGrid(new float[7], 8));
        Assert.Contains("7", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, UncheckedHostView<float>.ForGrid(new float[8], 8).Length);
    }
}
