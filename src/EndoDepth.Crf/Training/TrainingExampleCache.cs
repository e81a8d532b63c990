using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Crf.Training;

/// <summary>
/// The on-disk cache of <see cref="TrainingExample"/>s without their images: one file per item,
/// <c>CACHEROOT/crf-KEY/ID.bin</c>, where KEY is the first 12 hex digits of the SHA-256 of the preprocessing settings
/// (<see cref="CrfModelSettings.Slic"/>, <see cref="CrfModelSettings.Pairwise"/>,
/// <see cref="CrfModelSettings.Target"/>,
/// <see cref="CrfModelSettings.LinearScaleMm"/> as JSON) and <see cref="FormatVersion"/>: other settings use another
/// folder. Each file records the length and last-write time of the image and depth files it was computed from and is
/// ignored when they changed.
/// <para>
/// Layout (little-endian): the 8-byte magic <c>EDCRFTX1</c>, int32 format version, the settings' full 32-byte hash,
/// int64 length and last-write ticks (UTC) of the image, then of the depth, int32 width, height, nodes N, edges E,
/// similarities K, label runs R and id bytes, the id (UTF-8), R runs of (int32 node, int32 length) covering the
/// pixels row-major, N float32 centroid x, N float32 centroid y, N float64 targets, E int32 From, E int32 To,
/// E·K float32 similarities, and the SHA-256 of everything before it.
/// </para>
/// <para>
/// A file that is truncated, corrupt, written for other settings or another item, or whose counts do not fit the
/// image is treated as missing. Counts are checked against the image size and the file length before anything is
/// allocated, so a hostile file cannot cause a large allocation.
/// </para>
/// </summary>
internal sealed class TrainingExampleCache
{
    /// <summary>Version of the file layout and of the preprocessing code; bump it when either changes.</summary>
    public const int FormatVersion = 1;

    internal const int HeaderBytes = 104;
    internal const int NodeCountOffset = 84;
    internal const int EdgeCountOffset = 88;
    internal const int RunCountOffset = 96;
    internal const int MaxIdBytes = 4096;
    private const int HashBytes = 32;
    private static readonly byte[] Magic = "EDCRFTX1"u8.ToArray();

    private readonly byte[] settingsHash;
    private readonly int k;

    /// <summary>The folder of this settings' files, <c>CACHEROOT/crf-KEY</c>.</summary>
    public string Folder { get; }

    /// <summary>The settings' key (12 hex digits).</summary>
    public string Key { get; }

    /// <summary>
    /// A cache under <paramref name="cacheRoot"/> for <paramref name="settings"/> (the folder is created on the first
    /// write).
    /// </summary>
    public TrainingExampleCache(string cacheRoot, CrfModelSettings settings)
    {
        ArgumentNullException.ThrowIfNull(cacheRoot);
        ArgumentNullException.ThrowIfNull(settings);
        settingsHash = SettingsHash(settings);
        k = settings.Pairwise.K;
        Key = Convert.ToHexStringLower(settingsHash, 0, 6);
        Folder = Path.Combine(Path.GetFullPath(cacheRoot), "crf-" + Key);
    }

    /// <summary>SHA-256 of the format version and the preprocessing settings as JSON.</summary>
    internal static byte[] SettingsHash(CrfModelSettings settings)
    {
        var json = JsonSerializer.Serialize(new Preprocessing(FormatVersion, settings.Slic, settings.Pairwise,
            settings.Target, settings.LinearScaleMm), ModelFile.Json);
        return SHA256.HashData(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>
    /// The cache file of an item: <c>ID.bin</c>, or <c>x-HASH.bin</c> when the id is not a plain file name.
    /// </summary>
    public string PathOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Path.Combine(Folder,
            (IsPlainName(id) ? id : "x-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)), 0,
            16)) + ".bin");
    }

    /// <summary>
    /// True when the item's file exists and its header matches the settings, the item and the source files (the
    /// payload is checked only by <see cref="TryRead"/>). Reads the header only.
    /// </summary>
    public bool IsCurrent(string id, SourceStamp image, SourceStamp depth)
    {
        try
        {
            using var s = OpenRead(PathOf(id));
            if (s is null) return false;
            var idBytes = Encoding.UTF8.GetBytes(id);
            var head = new byte[HeaderBytes + Math.Min(idBytes.Length, MaxIdBytes)];
            if (s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return false;
            return ParseHeader(head, s.Length, idBytes, image, depth, null) is not null;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// The cached example of item <paramref name="id"/> with <paramref name="image"/>, or null when there is no valid
    /// file for these settings, this item, this image size and these source files.
    /// </summary>
    public TrainingExample? TryRead(string id, ImageF image, SourceStamp imageStamp, SourceStamp depthStamp)
    {
        ArgumentNullException.ThrowIfNull(image);
        var idBytes = Encoding.UTF8.GetBytes(id);
        if (idBytes.Length > MaxIdBytes) return null;
        byte[] bytes;
        try
        {
            using var s = OpenRead(PathOf(id));
            if (s is null) return null;
            var length = s.Length;
            if (length > MaxFileBytes(image.Width, image.Height, idBytes.Length, k)) return null; // before allocating
            bytes = new byte[length];
            if (s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length) return null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var h = ParseHeader(bytes, bytes.Length, idBytes, imageStamp, depthStamp, image);
        if (h is not { } header) return null;
        Span<byte> hash = stackalloc byte[HashBytes];
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashBytes), hash);
        if (!hash.SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes))) return null;
        return Decode(bytes, header, id, image);
    }

    /// <summary>Writes an example's cache file atomically.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public void Write(TrainingExample example, SourceStamp imageStamp, SourceStamp depthStamp)
    {
        ArgumentNullException.ThrowIfNull(example);
        var bytes = Encode(example, imageStamp, depthStamp);
        AtomicFile.Write(PathOf(example.Id), s => s.Write(bytes));
    }

    internal byte[] Encode(TrainingExample example, SourceStamp imageStamp, SourceStamp depthStamp)
    {
        var idBytes = Encoding.UTF8.GetBytes(example.Id);
        if (idBytes.Length > MaxIdBytes) throw new ArgumentException($"Item id '{example.Id}' is longer than " +
            $"{MaxIdBytes} bytes.", nameof(example));
        var labels = example.NodeOfPixel;
        var runs = new List<(int Node, int Length)>();
        for (var p = 0; p < labels.Length;)
        {
            var q = p + 1;
            while (q < labels.Length && labels[q] == labels[p]) q++;
            runs.Add((labels[p], q - p));
            p = q;
        }
        int w = example.Image.Width, hgt = example.Image.Height;
        int n = example.Graph.NodeCount, e = example.Graph.EdgeCount;
        if (example.Similarities.Length != (long)e * k) throw new ArgumentException($"Item '{example.Id}': " +
            $"{example.Similarities.Length} similarities for {e} edges × {k}.", nameof(example));
        var total = TotalBytes(idBytes.Length, runs.Count, n, e, k);
        var b = new byte[total];
        var span = b.AsSpan();
        Magic.CopyTo(span);
        var o = 8;
        Int(span, ref o, FormatVersion);
        settingsHash.CopyTo(span[o..]); o += HashBytes;
        Long(span, ref o, imageStamp.Length); Long(span, ref o, imageStamp.LastWriteTicks);
        Long(span, ref o, depthStamp.Length); Long(span, ref o, depthStamp.LastWriteTicks);
        Int(span, ref o, w); Int(span, ref o, hgt); Int(span, ref o, n); Int(span, ref o, e); Int(span, ref o, k);
        Int(span, ref o, runs.Count); Int(span, ref o, idBytes.Length);
        idBytes.CopyTo(span[o..]); o += idBytes.Length;
        foreach (var (node, length) in runs) { Int(span, ref o, node); Int(span, ref o, length); }
        foreach (var x in example.CentroidX) { BinaryPrimitives.WriteSingleLittleEndian(span[o..], x); o += 4; }
        foreach (var y in example.CentroidY) { BinaryPrimitives.WriteSingleLittleEndian(span[o..], y); o += 4; }
        foreach (var t in example.Targets) { BinaryPrimitives.WriteDoubleLittleEndian(span[o..], t); o += 8; }
        foreach (var f in example.Graph.From) Int(span, ref o, f);
        foreach (var t in example.Graph.To) Int(span, ref o, t);
        foreach (var v in example.Similarities) { BinaryPrimitives.WriteSingleLittleEndian(span[o..], v); o += 4; }
        SHA256.HashData(span[..o], span[o..]);
        return b;
    }

    private readonly record struct Header(int Width, int Height, int Nodes, int Edges, int Runs, int IdBytes);

    /// <summary>
    /// Checks the header against the settings, the item, the sources, the image size (when known) and the file length.
    /// </summary>
    private Header? ParseHeader(ReadOnlySpan<byte> b, long fileLength, byte[] idBytes, SourceStamp image,
        SourceStamp depth, ImageF? expected)
    {
        if (b.Length < HeaderBytes || !b[..8].SequenceEqual(Magic)) return null;
        if (I(b, 8) != FormatVersion || !b.Slice(12, HashBytes).SequenceEqual(settingsHash)) return null;
        if (L(b, 44) != image.Length || L(b, 52) != image.LastWriteTicks
            || L(b, 60) != depth.Length || L(b, 68) != depth.LastWriteTicks) return null;
        int w = I(b, 76), h = I(b, 80), n = I(b, NodeCountOffset), e = I(b, EdgeCountOffset);
        int kk = I(b, 92), r = I(b, RunCountOffset), idLen = I(b, 100);
        if (expected is not null && (w != expected.Width || h != expected.Height)) return null;
        if (w < 1 || h < 1 || (long)w * h > int.MaxValue) return null;
        var pixels = (long)w * h;
        // A graph of 4-neighbour adjacencies has fewer than 2 edges per pixel.
        if (kk != k || n < 1 || n > pixels || e < 0 || e > 2 * pixels || r < 1 || r > pixels
            || idLen != idBytes.Length) return null;
        if (TotalBytes(idLen, r, n, e, kk) != fileLength) return null;
        if (b.Length < HeaderBytes + idLen || !b.Slice(HeaderBytes, idLen).SequenceEqual(idBytes)) return null;
        return new Header(w, h, n, e, r, idLen);
    }

    /// <summary>The payload, checked for consistency (a checksum match does not prove a well-formed writer).</summary>
    private TrainingExample? Decode(byte[] bytes, Header hd, string id, ImageF image)
    {
        var b = bytes.AsSpan();
        var o = HeaderBytes + hd.IdBytes;
        var nodeOfPixel = new int[hd.Width * hd.Height];
        var p = 0;
        for (var i = 0; i < hd.Runs; i++)
        {
            int node = I(b, o), length = I(b, o + 4);
            o += 8;
            if (node < -1 || node >= hd.Nodes || length < 1 || length > nodeOfPixel.Length - p) return null;
            nodeOfPixel.AsSpan(p, length).Fill(node);
            p += length;
        }
        if (p != nodeOfPixel.Length) return null;
        var cx = new float[hd.Nodes]; var cy = new float[hd.Nodes]; var targets = new double[hd.Nodes];
        for (var i = 0; i < hd.Nodes; i++, o += 4) cx[i] = BinaryPrimitives.ReadSingleLittleEndian(b[o..]);
        for (var i = 0; i < hd.Nodes; i++, o += 4) cy[i] = BinaryPrimitives.ReadSingleLittleEndian(b[o..]);
        for (var i = 0; i < hd.Nodes; i++, o += 8) targets[i] = BinaryPrimitives.ReadDoubleLittleEndian(b[o..]);
        var from = new int[hd.Edges]; var to = new int[hd.Edges];
        for (var i = 0; i < hd.Edges; i++, o += 4) from[i] = I(b, o);
        for (var i = 0; i < hd.Edges; i++, o += 4) to[i] = I(b, o);
        for (var i = 0; i < hd.Edges; i++)
            if (from[i] < 0 || from[i] >= to[i] || to[i] >= hd.Nodes) return null;
        var sims = new float[hd.Edges * k];
        for (var i = 0; i < sims.Length; i++, o += 4) sims[i] = BinaryPrimitives.ReadSingleLittleEndian(b[o..]);
        return new TrainingExample(id, image, nodeOfPixel, cx, cy, new SuperpixelGraph(hd.Nodes, from, to), sims,
            targets);
    }

    /// <summary>Exact file length for these counts (in 64 bits: hostile counts cannot overflow it).</summary>
    private static long TotalBytes(long idBytes, long runs, long nodes, long edges, long k) =>
        HeaderBytes + idBytes + 8 * runs + 16 * nodes + edges * (8 + 4 * k) + HashBytes;

    /// <summary>The largest valid file for an image of this size.</summary>
    private static long MaxFileBytes(int width, int height, int idBytes, int k)
    {
        var pixels = (long)width * height;
        return TotalBytes(idBytes, pixels, pixels, 2 * pixels, k);
    }

    private static FileStream? OpenRead(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
            bufferSize: 0); }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static bool IsPlainName(string id)
    {
        if (id.Length is 0 or > 128 || !char.IsAsciiLetterOrDigit(id[0])) return false;
        foreach (var c in id)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.')) return false;
        return true;
    }

    private static int I(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadInt32LittleEndian(b[o..]);
    private static long L(ReadOnlySpan<byte> b, int o) => BinaryPrimitives.ReadInt64LittleEndian(b[o..]);
    private static void Int(Span<byte> b, ref int o, int v)
    {
        BinaryPrimitives.WriteInt32LittleEndian(b[o..], v);
        o += 4;
    }

    private static void Long(Span<byte> b, ref int o, long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(b[o..], v);
        o += 8;
    }

    /// <summary>What the key is computed from.</summary>
    private sealed record Preprocessing(int Version, SlicSettings Slic, Features.PairwiseSettings Pairwise,
        DepthTarget Target, double LinearScaleMm);
}
