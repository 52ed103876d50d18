using GarageOrleans.Primitives;

namespace GarageOrleans.Grains.Data;

/// <summary>What the owner of a data version says about it when the upload repair worker asks.</summary>
public enum DataVersionUse
{
    /// <summary>A complete object (or completed multipart upload) uses it: it is released with that object.</summary>
    InUse,

    /// <summary>Its upload is still open and not past its timeout: ask again later.</summary>
    Pending,

    /// <summary>Nothing uses it any more: its header is now Deleted, so its blocks are being released.</summary>
    Released,
}

/// <summary>
/// Implemented by the grains that own data versions (<c>ObjectGrain</c> for single PUTs and copies,
/// <c>MultipartUploadGrain</c> for part attempts), so that the judgement is serialised with the owner's own writes: a
/// version can never be released while its upload completes.
/// </summary>
public interface IDataVersionOwner : IGrainWithStringKey
{
    /// <summary>
    /// Releases <paramref name="dataVersion"/> (a version of this owner that began more than the upload timeout ago)
    /// unless something still uses it; an upload left open past its timeout is aborted first.
    /// </summary>
    Task<DataVersionUse> ReleaseIfUnusedAsync(VersionId dataVersion);
}
