namespace SaePlatform.Contracts.Visualization.Figures;

/// <summary>
/// A figure: a grid of panels with an optional title, sized in inches (the renderer applies the DPI).
/// Pure data: visualizers build it, the host renders it (PNG, SVG, PDF) through
/// <see cref="IFigureSink"/>, so a plugin never touches a graphics library.
/// </summary>
public sealed class Figure
{
    private readonly Panel[] _panels;

    /// <summary>Creates a figure of <paramref name="rows"/> x <paramref name="columns"/> empty panels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is below 1.</exception>
    public Figure(int rows = 1, int columns = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        Rows = rows;
        Columns = columns;
        _panels = new Panel[rows * columns];
        for (int i = 0; i < _panels.Length; i++) _panels[i] = new Panel();
        WidthInches = 6.4 * Math.Min(columns, 2) + (columns > 2 ? 4 * (columns - 2) : 0);
        HeightInches = 4.2 * rows + 0.4;
    }

    /// <summary>Panel rows.</summary>
    public int Rows { get; }

    /// <summary>Panel columns.</summary>
    public int Columns { get; }

    /// <summary>Title above all panels, or null.</summary>
    public string? Title { get; set; }

    /// <summary>Width in inches (default: 6.4 per column, up to two columns).</summary>
    public double WidthInches { get; set; }

    /// <summary>Height in inches (default: 4.2 per row).</summary>
    public double HeightInches { get; set; }

    /// <summary>All panels, row-major.</summary>
    public IReadOnlyList<Panel> Panels => _panels;

    /// <summary>The panel at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public Panel this[int row, int column] => _panels[row * Columns + column];

    /// <summary>The only panel of a 1 x 1 figure (else the first one).</summary>
    public Panel Panel => _panels[0];
}
