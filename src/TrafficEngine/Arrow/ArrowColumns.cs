using Apache.Arrow;
using Apache.Arrow.Types;

namespace TrafficEngine.Arrow;

/// <summary>
/// Building batches that are checked against their schema, and taking a batch's columns as the array types the
/// engine reads, with one-line errors naming the file and the column when they are missing or of another type.
/// </summary>
public static class ArrowColumns
{
    /// <summary>
    /// A batch of <paramref name="arrays"/> under <paramref name="schema"/>, checked: one array per field, of the
    /// field's type, all of one length, no nulls in a not-null field. A mismatch is a bug in the engine.
    /// </summary>
    public static RecordBatch Batch(Schema schema, IReadOnlyList<IArrowArray> arrays)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Count != schema.FieldsList.Count)
        {
            throw new ArgumentException($"The schema has {schema.FieldsList.Count} fields but {arrays.Count} arrays were given.", nameof(arrays));
        }

        int length = arrays.Count == 0 ? 0 : arrays[0].Length;
        for (int i = 0; i < arrays.Count; i++)
        {
            Field field = schema.FieldsList[i];
            IArrowArray array = arrays[i] ?? throw new ArgumentException($"Column '{field.Name}' is null.", nameof(arrays));
            if (!ArrowTypes.Same(array.Data.DataType, field.DataType))
            {
                throw new ArgumentException($"Column '{field.Name}' is {ArrowTypes.Describe(array.Data.DataType)} but the schema says {ArrowTypes.Describe(field.DataType)}.", nameof(arrays));
            }

            if (array.Length != length)
            {
                throw new ArgumentException($"Column '{field.Name}' has {array.Length} rows, column '{schema.FieldsList[0].Name}' has {length}.", nameof(arrays));
            }

            if (!field.IsNullable && array.NullCount > 0)
            {
                throw new ArgumentException($"Column '{field.Name}' is declared not null but holds {array.NullCount} nulls.", nameof(arrays));
            }
        }

        return new RecordBatch(schema, arrays, length);
    }

    /// <summary>The schema with its schema-level metadata replaced.</summary>
    public static Schema WithMetadata(Schema schema, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new Schema(schema.FieldsList, metadata ?? new Dictionary<string, string>());
    }

    /// <summary>Checks that <paramref name="schema"/> has a column <paramref name="name"/> of <paramref name="type"/>.</summary>
    public static void RequireField(Schema schema, string name, IArrowType type, string file)
    {
        ArgumentNullException.ThrowIfNull(schema);
        int index = schema.GetFieldIndex(name);
        if (index < 0)
        {
            throw new ArrowFormatException($"{file}: the required column '{name}' ({ArrowTypes.Describe(type)}) is missing; the file has {Names(schema)}.", file, name);
        }

        IArrowType actual = schema.FieldsList[index].DataType;
        if (!ArrowTypes.Same(actual, type))
        {
            throw new ArrowFormatException($"{file}: column '{name}' is {ArrowTypes.Describe(actual)}, not {ArrowTypes.Describe(type)}.", file, name);
        }
    }

    /// <summary>The column <paramref name="name"/> as <typeparamref name="TArray"/>, or a one-line error naming the file.</summary>
    public static TArray Require<TArray>(this RecordBatch batch, string name, string? file = null)
        where TArray : class, IArrowArray
    {
        ArgumentNullException.ThrowIfNull(batch);
        int index = batch.Schema.GetFieldIndex(name);
        string where = file is null ? "" : $"{file}: ";
        if (index < 0)
        {
            throw new ArrowFormatException($"{where}the required column '{name}' is missing; the batch has {Names(batch.Schema)}.", file, name);
        }

        IArrowArray column = batch.Column(index);
        return column as TArray ?? throw new ArrowFormatException(
            $"{where}column '{name}' is {ArrowTypes.Describe(column.Data.DataType)}, not what the engine reads here ({typeof(TArray).Name}).", file, name);
    }

    /// <summary>The column <paramref name="name"/>, or null when the batch has none.</summary>
    public static IArrowArray? Find(this RecordBatch batch, string name)
    {
        ArgumentNullException.ThrowIfNull(batch);
        int index = batch.Schema.GetFieldIndex(name);
        return index < 0 ? null : batch.Column(index);
    }

    private static string Names(Schema schema) =>
        schema.FieldsList.Count == 0 ? "no columns" : string.Join(", ", schema.FieldsList.Select(f => f.Name));
}
