using Xunit.Abstractions;
using Xunit.Sdk;

namespace Strata.Tests.Support;

/// <summary>The place of a test in a class whose tests build on each other (one shared, expensive fixture).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int number) : Attribute
{
    public int Number { get; } = number;
}

/// <summary>Runs a class's tests in the order of their <see cref="StepAttribute"/> (xunit's own order is unspecified).</summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string Name = "Strata.Tests.Support.StepOrderer";
    public const string Assembly = "Strata.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(test => test.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName)
            .Select(a => a.GetConstructorArguments().Cast<int>().Single()).DefaultIfEmpty(int.MaxValue).First());
}
