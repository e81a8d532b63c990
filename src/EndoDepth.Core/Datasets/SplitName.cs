namespace EndoDepth.Datasets;

/// <summary>The three dataset splits.</summary>
public enum SplitName
{
    /// <summary>Training scenes.</summary>
    Train = 0,
    /// <summary>Validation scenes.</summary>
    Val = 1,
    /// <summary>Test scenes.</summary>
    Test = 2,
}
