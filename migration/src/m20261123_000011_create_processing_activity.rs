use sea_orm_migration::{prelude::*, schema::*};

use crate::common::{create_with_indexes, drop, entity_table, restrict_fk};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ProcessingActivity {
    Table,
    Role,
    Status,
    BusinessFunction,
    AutomatedDecisionMaking,
    AutomatedDecisionDetails,
    ProvisionRequirement,
    ProvisionConsequence,
    DpiaRequired,
    DpiaStatus,
    DpiaUrl,
    LargeScale,
    SystematicMonitoring,
    InnovativeTechnology,
    ConsentRecordUrl,
    BreachOccurred,
    BreachRecordUrl,
    UkSchedule1Condition,
    RetentionPolicyFollowed,
    RetentionDeviationReason,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ProcessingActivity as A;
        let table = entity_table(A::Table)
            .col(integer("organization_id"))
            .col(string_len(A::Role, 32))
            .col(string_len(A::Status, 32))
            .col(string_null(A::BusinessFunction))
            .col(boolean_null(A::AutomatedDecisionMaking))
            .col(text_null(A::AutomatedDecisionDetails))
            .col(string_len_null(A::ProvisionRequirement, 32))
            .col(text_null(A::ProvisionConsequence))
            .col(boolean_null(A::DpiaRequired))
            .col(string_len_null(A::DpiaStatus, 32))
            .col(string_null(A::DpiaUrl))
            .col(boolean_null(A::LargeScale))
            .col(boolean_null(A::SystematicMonitoring))
            .col(boolean_null(A::InnovativeTechnology))
            .col(string_null(A::ConsentRecordUrl))
            .col(boolean_null(A::BreachOccurred))
            .col(string_null(A::BreachRecordUrl))
            .col(text_null(A::UkSchedule1Condition))
            .col(boolean_null(A::RetentionPolicyFollowed))
            .col(text_null(A::RetentionDeviationReason))
            .foreign_key(&mut restrict_fk(
                A::Table,
                "organization_id",
                "organization",
            ))
            .take();
        create_with_indexes(manager, table, A::Table, &["organization_id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop(manager, ProcessingActivity::Table).await
    }
}
