/// The seed schema: the customer-month export the original G3 analysis read from PostgreSQL, one row
/// per account and month. The panel commands' default columns, the simulator's output and the account
/// clusters' features all name their columns from here.
public enum SeedSchema {
    /// The account id.
    public static let unit = "sfdc_customer_id"
    /// The month of the row (a date; its month counts).
    public static let month = "ar_date"
    /// The account's first engagement date, empty for never-engaged accounts.
    public static let engagement = "firstactivitydate"
    public static let engagementType = "first_engagement_type"
    public static let totalRevenue = "ttl_sls_rev"
    public static let securityRevenue = "ttl_security_rev"
    public static let resiliencyRevenue = "ttl_resiliency_rev"
    public static let securityServices = "security_services_count"
    public static let resiliencyServices = "resiliency_services_count"
    public static let adoptionScore = "customer_stage_of_adoption_score__c"
    /// The segment (ENT, MM, SMB, …): the outlier rule's groups and an exact-matching candidate.
    public static let segment = "sub_segment"
    public static let phase = "account_phase__c"
    public static let industry = "gtm_industry__c"
    public static let supportLevel = "max_aws_support_level"

    /// The outcomes analysed by default.
    public static let outcomes = [securityRevenue, totalRevenue]
    /// The numeric baseline covariates.
    public static let numeric = [
        totalRevenue, securityRevenue, resiliencyRevenue, securityServices, resiliencyServices, adoptionScore
    ]
    /// The text covariates the propensity model uses by default.
    public static let categorical = [segment, supportLevel]
    /// Every text column of the export.
    public static let labels = [segment, phase, industry, supportLevel]
    /// Revenue columns, written with two decimals.
    public static let revenue: Set<String> = [totalRevenue, securityRevenue, resiliencyRevenue]
    /// The columns of the export in its order.
    public static let columns = [
        unit, month, engagement, engagementType, totalRevenue, securityRevenue, resiliencyRevenue, securityServices,
        resiliencyServices, segment, phase, industry, supportLevel, adoptionScore
    ]
}
