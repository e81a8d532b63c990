using EndoDepth.Geometry;
using EndoDepth.Rendering.Cinematic;

namespace EndoDepth.Rendering.Tests.Cinematic;

/// <summary>Tracking as a resumable state machine: all of a ray's state is in its <see cref="Tracker"/>.</summary>
public class TrackerTests
{
    [Fact]
    public void Trackers_stepped_in_turn_give_each_ray_its_result_alone_bit_for_bit()
    {
        // A free flight and a shadow ray advanced alternately, one unit each, with their own random streams, must end
        // exactly where SampleCollision and Transmittance (each ray alone) end: no state leaks between trackers.
        var volume = TestVolumes.Tube(24, 40, 7f);
        var medium = TrackingTests.HostMedium(volume, CinematicPresets.PinkMucosa.Transfer, cellSize: 1);
        var random = new Random(3);
        Float3 Point() => new(11.5f + (float)random.NextDouble() * 6 - 3, 11.5f + (float)random.NextDouble() * 6 - 3,
            2f + (float)random.NextDouble() * 36);
        Float3 Direction() => Float3.Normalize(new Float3((float)random.NextDouble() * 2 - 1,
            (float)random.NextDouble() * 2 - 1, (float)random.NextDouble() * 2 - 1));
        int hits = 0, partial = 0;
        for (var r = 0; r < 300; r++)
        {
            var (o1, d1, o2, d2) = (Point(), Direction(), Point(), Direction());
            var tMax = 5f + (float)random.NextDouble() * 20f;
            var rng1 = new PathRandom(5u, (uint)r, 0u);
            var rng2 = new PathRandom(5u, (uint)r, 1u);
            var alone1 = rng1; var alone2 = rng2;
            var hit = medium.SampleCollision(o1, d1, 0f, float.MaxValue, ref alone1, out var t);
            var tr = medium.Transmittance(o2, d2, tMax, ref alone2);

            var k1 = Tracker.Idle; var k2 = Tracker.Idle;
            medium.BeginTracking(ref k1, o1, d1, 0f, float.MaxValue, false);
            medium.BeginTracking(ref k2, o2, d2, 0f, tMax, true);
            while (k1.Active || k2.Active)
            {
                if (k1.Active) medium.Step(ref k1, ref rng1);
                if (k2.Active) medium.Step(ref k2, ref rng2);
            }
            Assert.Equal(hit, k1.Hit);
            Assert.Equal(t, k1.T);
            Assert.Equal(tr, k2.Tr);
            Assert.Equal(alone1.NextUInt(), rng1.NextUInt()); // the same numbers were drawn
            Assert.Equal(alone2.NextUInt(), rng2.NextUInt());
            if (hit) hits++;
            if (tr > 0f && tr < 1f) partial++;
        }
        Assert.True(hits > 100 && partial > 3, $"hits {hits}, partial transmittances {partial}");
    }
}
