namespace Autograd;

/// <summary>Python's printed forms of scalars, which PyTorch's messages and module printouts show.</summary>
internal static class PyRepr
{
    /// <summary>A hyper-parameter as PyTorch's argument-check messages print it: Python's repr of a float
    /// (shortest round-trip digits, "1.0", "1e-08", "nan", "inf").</summary>
    internal static string Float(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        // .NET's "E16" rounds; "R" has the shortest digits but picks its own notation: take the digits
        // and the exponent from it and lay them out as Python does (fixed for exponents -4..15)
        string r = Math.Abs(v).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        int e = r.IndexOf('E'), exp = e < 0 ? 0 : int.Parse(r[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? r : r[..e];
        int dot = mantissa.IndexOf('.');
        string digits = mantissa.Replace(".", "");
        exp += (dot < 0 ? mantissa.Length : dot) - 1;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; exp--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        string sign = v < 0 || (v == 0 && double.IsNegative(v)) ? "-" : "";
        if (exp < -4 || exp >= 16)
            return $"{sign}{digits[0]}{(digits.Length > 1 ? "." + digits[1..] : "")}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):D2}";
        if (exp < 0) return $"{sign}0.{new string('0', -exp - 1)}{digits}";
        string whole = digits.Length > exp + 1 ? digits[..(exp + 1)] : digits.PadRight(exp + 1, '0');
        string frac = digits.Length > exp + 1 ? digits[(exp + 1)..] : "0";
        return $"{sign}{whole}.{frac}";
    }
}
