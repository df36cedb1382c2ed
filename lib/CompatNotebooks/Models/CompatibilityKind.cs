namespace CompatNotebooks.Models;

/// <summary>How a compatibility model compares two style vectors s1 = x1·E1 and s2 = x2·E2.</summary>
public enum CompatibilityKind
{
    /// <summary>logit = c − ‖s1 − s2‖² (the chapter's model: compatible items lie close in style space).</summary>
    Euclidean,

    /// <summary>logit = c + ⟨s1, s2⟩ (exercise 9.2: compatible items point the same way).</summary>
    InnerProduct,
}
