using System.Diagnostics;
using EndoDepth.Randomness;

namespace EndoDepth.Fuzz;

/// <summary>
/// A dependency-free in-process campaign: seeds are mutated (bit flips, byte sets, interesting 16/32-bit values —
/// mostly at lengths — block duplication/removal, truncation, splices) and fed to a target, on all cores, for a
/// time budget or an execution count. Inputs that raise an untyped exception or take longer than one second are saved;
/// an input still running after <see cref="Hang"/> is saved as a hang and the process exits with code 3. On a machine
/// busy with other work a stall can be the scheduler's: <see cref="Confirm"/> replays the saved slow inputs alone.
/// </summary>
internal sealed class MutationCampaign(Action<ReadOnlySpan<byte>> target, IReadOnlyList<byte[]> seeds, string findings)
{
    private static readonly uint[] Interesting =
    [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0xFFFE, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE,
        0xFFFFE000, 0xE000FFFE, 0xE00DFFFE, 0xE0DDFFFE,
    ];

    /// <summary>Stream of <see cref="Seed.Derive"/> for the workers' random generators.</summary>
    private const long WorkerStream = 1;
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(5);
    private long _executions;
    private int _findings;
    private int _slow;

    public (long Executions, int Findings, int Slow) Run(TimeSpan budget, int seed, long limit = long.MaxValue)
    {
        Directory.CreateDirectory(findings);
        var deadline = Stopwatch.StartNew();
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        // One reference per worker, swapped whole: the watchdog must never see one input with another's start time (a
        // torn read of an (input, start) pair once paired a new input with start 0 and reported a false hang).
        var current = new Running?[Environment.ProcessorCount];
        using var watchdog = new Timer(_ =>
        {
            for (var w = 0; w < current.Length; w++)
            {
                var running = Volatile.Read(ref current[w]);
                if (running is null || Stopwatch.GetElapsedTime(running.StartTicks) < Hang) continue;
                File.WriteAllBytes(Path.Combine(findings, "hang.bin"), running.Input);
                Console.WriteLine($"hang: worker {w} has run one input for over {Hang.TotalSeconds} s (saved hang.bin)");
                Environment.Exit(3);
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Parallel.For(0, Environment.ProcessorCount, worker =>
        {
            var rng = new Random(Seed.Derive(seed, WorkerStream, worker));
            var sw = new Stopwatch();
            while (deadline.Elapsed < budget && Interlocked.Read(ref _executions) < limit)
            {
                var input = Mutate(seeds[rng.Next(seeds.Count)], rng);
                sw.Restart();
                Volatile.Write(ref current[worker], new Running(input, Stopwatch.GetTimestamp()));
                try { target(input); }
                catch (Exception e)
                {
                    var key = e.GetType().Name + "@" + (e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "");
                    if (seen.TryAdd(key, true))
                    {
                        var n = Interlocked.Increment(ref _findings);
                        File.WriteAllBytes(Path.Combine(findings, $"crash-{n:D3}-{e.GetType().Name}.bin"), input);
                        Console.WriteLine($"finding {n}: {e.GetType().FullName}: {e.Message}\n  {key}");
                    }
                }
                if (sw.Elapsed > TimeSpan.FromSeconds(1))
                {
                    var n = Interlocked.Increment(ref _slow);
                    File.WriteAllBytes(Path.Combine(findings, $"slow-{n:D3}.bin"), input);
                    Console.WriteLine($"slow input {n}: {sw.Elapsed.TotalMilliseconds:F0} ms");
                }
                Volatile.Write(ref current[worker], null);
                Interlocked.Increment(ref _executions);
            }
        });
        return (_executions, _findings, _slow);
    }

    /// <summary>The input a worker is running and when it started.</summary>
    private sealed record Running(byte[] Input, long StartTicks);

    /// <summary>Replays each saved slow input alone; returns how many still take over a second.</summary>
    public int Confirm()
    {
        var confirmed = 0;
        foreach (var file in Directory.GetFiles(findings, "slow-*.bin").Order(StringComparer.Ordinal))
        {
            var sw = Stopwatch.StartNew();
            try { target(File.ReadAllBytes(file)); }
            catch (Exception) { } // untyped exceptions were counted when found
            if (sw.Elapsed > TimeSpan.FromSeconds(1))
            {
                confirmed++;
                Console.WriteLine($"{file}: still slow alone ({sw.Elapsed.TotalMilliseconds:F0} ms)");
            }
        }
        return confirmed;
    }

    private byte[] Mutate(byte[] seed, Random rng)
    {
        var b = new List<byte>(seed);
        var edits = 1 + rng.Next(8);
        for (var e = 0; e < edits && b.Count > 0; e++)
        {
            var at = rng.Next(b.Count);
            switch (rng.Next(8))
            {
                case 0: b[at] ^= (byte)(1 << rng.Next(8)); break;
                case 1: b[at] = (byte)rng.Next(256); break;
                case 2: Put(b, at, Interesting[rng.Next(Interesting.Length)], 2); break;
                case 3: Put(b, at, Interesting[rng.Next(Interesting.Length)], 4); break;
                case 4: // a length field: the 2 or 4 bytes after a VR-looking pair
                    {
                        var vr = FindVr(b, at);
                        if (vr >= 0)
                            Put(b, vr + 2, Interesting[rng.Next(Interesting.Length)], rng.Next(2) == 0 ? 2 : 4);
                        break;
                    }
                case 5: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(64))); break;
                case 6:
                    {
                        var len = Math.Min(b.Count - at, 1 + rng.Next(64));
                        b.InsertRange(rng.Next(b.Count), b.GetRange(at, len));
                        break;
                    }
                default:
                    {
                        var other = seeds[rng.Next(seeds.Count)];
                        var from = rng.Next(other.Length);
                        var len = Math.Min(other.Length - from, 1 + rng.Next(128));
                        b.InsertRange(at, other.AsSpan(from, len).ToArray());
                        break;
                    }
            }
        }
        if (rng.Next(8) == 0 && b.Count > 1)
        {
            var cut = rng.Next(b.Count);
            b.RemoveRange(cut, b.Count - cut); // truncation
        }
        return [.. b];
    }

    private static int FindVr(List<byte> b, int from)
    {
        for (var i = from; i + 3 < b.Count; i++)
            if (b[i] is >= (byte)'A' and <= (byte)'Z' && b[i + 1] is >= (byte)'A' and <= (byte)'Z') return i;
        return -1;
    }

    private static void Put(List<byte> b, int at, uint v, int size)
    {
        for (var k = 0; k < size && at + k < b.Count; k++) b[at + k] = (byte)(v >> (8 * k));
    }
}
