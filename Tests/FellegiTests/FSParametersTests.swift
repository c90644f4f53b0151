import Fellegi
import Testing

@Suite struct FSParametersTests {
    let model = FSParameters(lambda: 0.2, m: [[0, 0.9, 0.1], [0, 0.5, 0.25, 0.25]], u: [[0, 0.1, 0.9], [0, 0.125, 0.5, 0.375]])

    @Test func weightsAreLog2BayesFactorsPlusThePriorWeight() {
        #expect(model.priorWeight == -2)  // log2(0.2 / 0.8)
        #expect(abs(model.matchWeight(comparison: 0, level: 1) - 3.169_925_001_442_312) < 1e-12)  // log2 9
        #expect(model.matchWeight(comparison: 1, level: 1) == 2)
        #expect(model.matchWeight(comparison: 1, level: 2) == -1)
        #expect(model.matchWeight(comparison: 0, level: 0) == 0)  // null
        #expect(model.weight(of: [0, 1]) == 0)  // -2 + 0 + 2
        #expect(abs(model.weight(of: [1, 2]) - (-2 + 3.169_925_001_442_312 - 1)) < 1e-12)
        #expect(model.probability(of: [0, 1]) == 0.5)
    }

    @Test(arguments: [(0.0, 0.5), (1.0, 2.0 / 3.0), (-1.0, 1.0 / 3.0), (3.0, 8.0 / 9.0)])
    func probabilityOfAWeight(weight: Double, probability: Double) {
        #expect(abs(FSParameters.probability(weight: weight) - probability) < 1e-15)
    }

    @Test func probabilityOfExtremeWeightsIsFinite() {
        #expect(FSParameters.probability(weight: 5_000) == 1)
        #expect(FSParameters.probability(weight: -5_000) == 0)
        #expect(FSParameters.probability(weight: .infinity) == 1)
        #expect(FSParameters.probability(weight: -.infinity) == 0)
    }

    @Test func validParametersHaveNoProblems() {
        #expect(model.problems().isEmpty)
        #expect(model.levelCounts == [3, 4])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let bad = FSParameters(
            lambda: 1.5,
            m: [[0, 0.9, 0.2], [0, 1], [0], [0, -0.1, 1.1]],
            u: [[0, 0.1, 0.9], [0, 0.5, 0.5], [0], [0, 0.5, 0.5]])
        #expect(bad.problems() == [
            .lambdaOutOfRange(1.5),
            .doesNotSumToOne(.m, comparison: 0, sum: 0.9 + 0.2),
            .levelCountMismatch(comparison: 1, m: 2, u: 3),
            .noNonNullLevel(comparison: 2),
            .probabilityOutOfRange(.m, comparison: 3, level: 1, value: -0.1),
            .probabilityOutOfRange(.m, comparison: 3, level: 2, value: 1.1),
        ])
        #expect(FSParameterProblem.doesNotSumToOne(.u, comparison: 2, sum: 0.5).description
            == "comparison 2: u-probabilities over the non-null levels sum to 0.5; expected 1")
        #expect(FSParameterProblem.probabilityOutOfRange(.m, comparison: 3, level: 1, value: -0.1).description
            == "comparison 3 level 1: m-probability is -0.1; expected [0, 1]")
        let nanProblems = FSParameters(lambda: .nan, m: [], u: []).problems()  // NaN ≠ NaN, so compare the shape
        #expect(nanProblems.count == 2 && nanProblems.last == .noComparisons)
        #expect(nanProblems.first?.description == "λ is nan; expected a probability in [0, 1]")
    }

    @Test func startingValuesAreGenericAndDecreasing() {
        var counts = PatternCounts(levelCounts: [4, 2, 3])
        counts.add(levels: [1, 1, 0], count: 10)
        counts.add(levels: [3, 1, 0], count: 30)
        counts.add(levels: [0, 1, 0], count: 60)
        let start = FSParameters.startingValues(for: counts)
        #expect(start.problems().isEmpty)
        #expect(start.lambda == 0.1)
        #expect(start.m[0][1] == 0.9)
        #expect(abs(start.m[0][2] - 0.1 * 2 / 3) < 1e-15 && abs(start.m[0][3] - 0.1 / 3) < 1e-15)
        #expect(start.m[1] == [0, 1])  // one non-null level
        // u: observed frequencies 10 : 0 : 30 over levels 1…3, the empty level floored at 0.001.
        #expect(abs(start.u[0][1] - 0.25 / 1.001) < 1e-12 && abs(start.u[0][2] - 0.001 / 1.001) < 1e-12)
        #expect(start.u[2] == [0, 0.5, 0.5])  // never observed: uniform
    }
}
