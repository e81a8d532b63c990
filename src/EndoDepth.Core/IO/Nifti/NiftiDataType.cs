namespace EndoDepth.IO.Nifti;

/// <summary>The NIfTI-1 <c>datatype</c> codes EndoDepth reads (nifti1.h values).</summary>
public enum NiftiDataType : short
{
    /// <summary>Unsigned 8-bit (DT_UINT8).</summary>
    UInt8 = 2,
    /// <summary>Signed 16-bit (DT_INT16).</summary>
    Int16 = 4,
    /// <summary>Signed 32-bit (DT_INT32).</summary>
    Int32 = 8,
    /// <summary>IEEE float32 (DT_FLOAT32).</summary>
    Float32 = 16,
    /// <summary>IEEE float64 (DT_FLOAT64).</summary>
    Float64 = 64,
    /// <summary>Signed 8-bit (DT_INT8).</summary>
    Int8 = 256,
    /// <summary>Unsigned 16-bit (DT_UINT16).</summary>
    UInt16 = 512,
}
