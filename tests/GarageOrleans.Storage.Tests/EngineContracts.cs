namespace GarageOrleans.Storage.Tests;

public sealed class SqliteEngineContractTests : MetadataEngineContractTests
{
    protected override IMetadataEngine OpenEngine() =>
        SqliteMetadataEngine.Open(new MetadataEngineOptions { Path = Temp.File("meta/db.sqlite"), Fsync = true });
}

public sealed class MemoryEngineContractTests : MetadataEngineContractTests
{
    protected override IMetadataEngine OpenEngine() => new MemoryMetadataEngine();
}
