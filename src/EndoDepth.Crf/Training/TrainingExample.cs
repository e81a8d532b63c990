using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Crf.Training;

/// <summary>
/// One training image reduced to what a step needs: the superpixels with valid ground truth (the others are dropped
/// with their edges, since the Gaussian's NLL needs y at every node), each pixel's node, the nodes' centroids, graph,
/// similarities and targets. Everything but the image depends only on the image, its depth and the model's
/// preprocessing settings, so it can be cached on disk.
/// </summary>
public sealed class TrainingExample
{
    /// <summary>Identifier (the dataset item id).</summary>
    public string Id { get; }
    /// <summary>The image.</summary>
    public ImageF Image { get; }
    /// <summary>Node (kept superpixel) of each pixel, row-major; −1 for pixels of dropped superpixels.</summary>
    public int[] NodeOfPixel { get; }
    /// <summary>Centroid x of each kept superpixel.</summary>
    public float[] CentroidX { get; }
    /// <summary>Centroid y of each kept superpixel.</summary>
    public float[] CentroidY { get; }
    /// <summary>The graph on the kept superpixels.</summary>
    public SuperpixelGraph Graph { get; }
    /// <summary>Similarities of its edges (EdgeCount × K).</summary>
    public float[] Similarities { get; }
    /// <summary>Target per kept superpixel (log-depth or scaled depth).</summary>
    public double[] Targets { get; }
    /// <summary>The camera that took the image (its dataset item's), or null when unknown.</summary>
    public CameraModel? Camera { get; private init; }

    internal TrainingExample(string id, ImageF image, int[] nodeOfPixel, float[] cx, float[] cy, SuperpixelGraph graph,
        float[] sims, double[] targets)
    {
        if (nodeOfPixel.Length != image.Width * image.Height)
            throw new ArgumentException(
                $"Item '{id}': {nodeOfPixel.Length} node labels for a {image.Width}×{image.Height} image.",
                nameof(nodeOfPixel));
        if (cx.Length != graph.NodeCount || cy.Length != graph.NodeCount || targets.Length != graph.NodeCount)
            throw new ArgumentException($"Item '{id}': centroids, targets and graph disagree on the node count.",
                nameof(graph));
        Id = id; Image = image; NodeOfPixel = nodeOfPixel;
        CentroidX = cx; CentroidY = cy; Graph = graph; Similarities = sims; Targets = targets;
    }

    /// <summary>The same example taken by <paramref name="camera"/>.</summary>
    public TrainingExample WithCamera(CameraModel? camera) =>
        new(Id, Image, NodeOfPixel, CentroidX, CentroidY, Graph, Similarities, Targets) { Camera = camera };

    /// <summary>Prepares an image and its ground-truth depth.</summary>
    /// <exception cref="ArgumentException">Sizes differ, or no superpixel has valid depth.</exception>
    public static TrainingExample Create(string id, ImageF image, DepthMap depth, CrfModelSettings settings,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(depth);
        ArgumentNullException.ThrowIfNull(settings);
        if (image.Width != depth.Width || image.Height != depth.Height)
            throw new ArgumentException($"Item '{id}': image is {image.Width}×{image.Height}, depth is " +
                $"{depth.Width}×{depth.Height}.", nameof(depth));
        var prepared = PreparedImage.Create(image, settings, cancellationToken);
        var (mm, valid) = SuperpixelDepth.Mean(prepared.Segmentation, depth);
        var graph = prepared.Graph.Subgraph(valid, out var map);
        if (graph.NodeCount == 0) throw new ArgumentException($"Item '{id}': no superpixel has a valid depth.",
            nameof(depth));
        var k = settings.Pairwise.K;
        var sims = new List<float>();
        var full = prepared.Graph;
        for (var e = 0; e < full.EdgeCount; e++)
            if (valid[full.From[e]] && valid[full.To[e]]) sims.AddRange(prepared.Similarities.AsSpan(e * k, k));
        var cx = new List<float>(); var cy = new List<float>(); var t = new List<double>();
        for (var i = 0; i < valid.Length; i++)
        {
            if (!valid[i]) continue;
            cx.Add(prepared.Segmentation.CentroidX[i]); cy.Add(prepared.Segmentation.CentroidY[i]);
            t.Add(settings.ToTarget(mm[i]));
        }
        var labels = prepared.Segmentation.Labels;
        var nodeOfPixel = new int[labels.Length];
        for (var p = 0; p < labels.Length; p++) nodeOfPixel[p] = map[labels[p]];
        return new TrainingExample(id, image, nodeOfPixel, [.. cx], [.. cy], graph, [.. sims], [.. t]);
    }

    /// <summary>
    /// What the CNN-CRF reads of this example: its kept superpixels; no camera means
    /// <see cref="SuperpixelCues.AssumedCamera"/>.
    /// </summary>
    internal CrfInput ToInput() => new(Image, Camera ?? SuperpixelCues.AssumedCamera(Image.Width, Image.Height),
        NodeOfPixel, CentroidX, CentroidY, Graph, Similarities);
}
