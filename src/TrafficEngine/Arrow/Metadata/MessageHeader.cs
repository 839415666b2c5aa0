namespace TrafficEngine.Arrow.Metadata;

/// <summary>MessageHeader union of Message.fbs.</summary>
internal enum MessageHeader : byte
{
    None = 0,
    Schema = 1,
    DictionaryBatch = 2,
    RecordBatch = 3,
    Tensor = 4,
    SparseTensor = 5,
}
