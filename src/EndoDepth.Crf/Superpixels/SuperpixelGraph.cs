namespace EndoDepth.Crf.Superpixels;

/// <summary>
/// The adjacency graph of a segmentation: an edge (i, j), i &lt; j, for every pair of superpixels that share a
/// 4-neighbour pixel boundary; the CRF's edge set 𝒮 (eq. 5). Edges are sorted by (i, j).
/// </summary>
public sealed class SuperpixelGraph
{
    /// <summary>Number of nodes (superpixels).</summary>
    public int NodeCount { get; }
    /// <summary>First node of each edge (the smaller label).</summary>
    public int[] From { get; }
    /// <summary>Second node of each edge (the larger label).</summary>
    public int[] To { get; }
    /// <summary>Number of edges.</summary>
    public int EdgeCount => From.Length;

    /// <summary>Creates a graph from edge lists (i &lt; j expected, not checked for duplicates).</summary>
    public SuperpixelGraph(int nodeCount, int[] from, int[] to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Length != to.Length) throw new ArgumentException("Edge lists differ in length.", nameof(to));
        NodeCount = nodeCount; From = from; To = to;
    }

    /// <summary>The adjacency graph of a segmentation.</summary>
    public static SuperpixelGraph FromSegmentation(SuperpixelSegmentation segmentation)
    {
        ArgumentNullException.ThrowIfNull(segmentation);
        int w = segmentation.Width, h = segmentation.Height;
        var l = segmentation.Labels;
        var set = new HashSet<long>();
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var a = l[y * w + x];
                if (x + 1 < w) Add(set, a, l[y * w + x + 1]);
                if (y + 1 < h) Add(set, a, l[(y + 1) * w + x]);
            }
        var edges = set.Order().ToArray();
        var from = new int[edges.Length]; var to = new int[edges.Length];
        for (var e = 0; e < edges.Length; e++)
        {
            from[e] = (int)(edges[e] >> 32);
            to[e] = (int)(edges[e] & 0xffffffff);
        }
        return new SuperpixelGraph(segmentation.Count, from, to);
    }

    /// <summary>The subgraph on the nodes where <paramref name="keep"/> is true, renumbered in order.</summary>
    public SuperpixelGraph Subgraph(bool[] keep, out int[] oldToNew)
    {
        ArgumentNullException.ThrowIfNull(keep);
        oldToNew = new int[NodeCount];
        var n = 0;
        for (var i = 0; i < NodeCount; i++) oldToNew[i] = keep[i] ? n++ : -1;
        var f = new List<int>(); var t = new List<int>();
        for (var e = 0; e < EdgeCount; e++)
            if (keep[From[e]] && keep[To[e]]) { f.Add(oldToNew[From[e]]); t.Add(oldToNew[To[e]]); }
        return new SuperpixelGraph(n, [.. f], [.. t]);
    }

    private static void Add(HashSet<long> set, int a, int b)
    {
        if (a == b) return;
        var (i, j) = a < b ? (a, b) : (b, a);
        set.Add(((long)i << 32) | (uint)j);
    }
}
