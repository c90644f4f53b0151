import LinkIO

extension LinkSettings {
    /// The built-in default: DID records linked to the HES patient index, with the data-dictionary
    /// column names.
    package static var didToHES: LinkSettings {
        var training = TrainingSettings()
        training.lambdaRule = ["nhs_number", "dob"]
        // Someone else's valid NHS number (a relative's) agrees with that person's HES row on the
        // number and often on the household postcode: pairs agreeing on the number are their own stratum.
        training.agreementStratum = "nhs_number"
        var linking = LinkingSettings()
        linking.dropColumns = ["NHS_NUMBER", "PERSON_BIRTH_DATE", "POSTCODE"]
        linking.keepComparedColumns = ["GENDER"]
        linking.conflicts = [.init(agrees: "nhs_number", disagrees: "dob")]
        linking.duplicateRule = ["nhs_number", "dob"]
        return LinkSettings(
            left: Side(name: "DID", idColumn: "DID_ID", recordDateColumn: "TEST_DATE"),
            right: Side(name: "HES", idColumn: "HESID"),
            comparisons: [
                ComparisonSettings(name: "nhs_number", kind: .nhsNumber, left: "NHS_NUMBER", right: "NEWNHSNO"),
                ComparisonSettings(name: "dob", kind: .date, left: "PERSON_BIRTH_DATE", right: "DOB", termFrequency: true),
                ComparisonSettings(name: "sex", kind: .sex, left: "GENDER", right: "SEX"),
                ComparisonSettings(name: "postcode", kind: .postcode, left: "POSTCODE", right: "HOMEADD", termFrequency: true),
            ],
            blocking: BlockingSettings(rules: [
                BlockingRule([BlockingKey("nhs_number")]),
                BlockingRule([BlockingKey("dob"), BlockingKey("postcode", .district)]),
                BlockingRule([BlockingKey("postcode", .unit), BlockingKey("dob", .year)]),
                // Not `dob + sex + postcode.area`: at national scale it made 85% of the candidate pairs
                // and almost no links (a pair it alone finds has no NHS number and only the area in
                // common: weight about −7), and its training session is not identifiable.
            ]),
            training: training,
            linking: linking)
    }
}
