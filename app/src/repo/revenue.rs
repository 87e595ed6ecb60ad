//! The price catalog and the daily MRR snapshots (`domain::revenue`).
use super::{Repo, from_doc, to_doc};
use crate::domain::payouts::Payout;
use crate::domain::reports::SavedReport;
use crate::domain::repricing::Repricing;
use crate::domain::revenue::{MrrDay, PriceRow, TenantMrr};
use crate::ports::store::{Filter, StoreError, StoreResult, collections as c};

impl Repo {
    /// Adds the catalog rows that are missing (a row edited since stays as
    /// edited).
    pub async fn ensure_catalog(&self, rows: &[PriceRow]) -> StoreResult<()> {
        for row in rows {
            match self.store.insert(&c::PRICES, to_doc(row)?).await {
                Ok(()) | Err(StoreError::Duplicate { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    pub async fn insert_saved_report(&self, r: &SavedReport) -> StoreResult<()> {
        self.store.insert(&c::SAVED_REPORTS, to_doc(r)?).await
    }

    /// A partner's saved reports, oldest first.
    pub async fn saved_reports_of(&self, partner_id: &str) -> StoreResult<Vec<SavedReport>> {
        let mut list: Vec<SavedReport> = self
            .page::<SavedReport>(
                &c::SAVED_REPORTS,
                &[Filter::Eq("partner_id", partner_id.into())],
                None,
                500,
            )
            .await?
            .items;
        list.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(list)
    }

    pub async fn saved_report(&self, id: &str) -> StoreResult<Option<SavedReport>> {
        self.by_id(&c::SAVED_REPORTS, id).await
    }

    pub async fn delete_saved_report(&self, id: &str) -> StoreResult<bool> {
        self.store.delete(&c::SAVED_REPORTS, id).await
    }

    pub async fn price_row(&self, plan: &str) -> StoreResult<Option<PriceRow>> {
        self.by_id(&c::PRICES, plan).await
    }

    /// Writes a catalog row over the version read (`row.version` is the
    /// new version).
    pub async fn save_price_row(&self, row: &PriceRow) -> StoreResult<()> {
        self.save(&c::PRICES, row, row.version).await
    }

    pub async fn repricing(&self, id: &str) -> StoreResult<Option<Repricing>> {
        self.by_id(&c::REPRICINGS, id).await
    }

    /// Writes a re-pricing: inserted at version 1, or over the version read.
    pub async fn put_repricing(&self, r: &Repricing) -> StoreResult<()> {
        if r.version <= 1 {
            self.store.insert(&c::REPRICINGS, to_doc(r)?).await
        } else {
            self.save(&c::REPRICINGS, r, r.version).await
        }
    }

    /// The newest re-pricings, newest first.
    pub async fn repricings(&self, limit: usize) -> StoreResult<Vec<Repricing>> {
        let docs = self.store.find(&c::REPRICINGS, &[], None, limit).await?;
        docs.into_iter().map(from_doc).collect()
    }

    /// Writes one tenant's row of a day over what was taken (re-pricing
    /// refreshes today's figure).
    pub async fn replace_tenant_mrr(&self, row: &TenantMrr) -> StoreResult<()> {
        match self.by_id::<TenantMrr>(&c::MRR_SNAPSHOTS, &row.id).await? {
            None => self.store.insert(&c::MRR_SNAPSHOTS, to_doc(row)?).await,
            Some(old) => {
                let next = TenantMrr {
                    version: old.version + 1,
                    ..row.clone()
                };
                self.save(&c::MRR_SNAPSHOTS, &next, next.version).await
            }
        }
    }

    pub async fn mrr_day(&self, id: &str) -> StoreResult<Option<MrrDay>> {
        self.by_id(&c::MRR_DAYS, id).await
    }

    /// Writes a day's record over the version read.
    pub async fn save_mrr_day(&self, day: &MrrDay) -> StoreResult<()> {
        self.save(&c::MRR_DAYS, day, day.version).await
    }

    pub async fn price_rows(&self) -> StoreResult<Vec<PriceRow>> {
        let docs = self.store.find(&c::PRICES, &[], None, 500).await?;
        docs.into_iter().map(from_doc).collect()
    }

    /// One tenant's MRR for one day; false when that day's row was taken.
    pub async fn put_tenant_mrr(&self, row: &TenantMrr) -> StoreResult<bool> {
        match self.store.insert(&c::MRR_SNAPSHOTS, to_doc(row)?).await {
            Ok(()) => Ok(true),
            Err(StoreError::Duplicate { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every tenant's row of one day.
    pub async fn tenant_mrr_of_day(&self, day: &str) -> StoreResult<Vec<TenantMrr>> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self
                .page::<TenantMrr>(
                    &c::MRR_SNAPSHOTS,
                    &[Filter::Eq("day", day.into())],
                    after.as_deref(),
                    500,
                )
                .await?;
            out.extend(page.items);
            match page.next {
                Some(n) => after = Some(n),
                None => return Ok(out),
            }
        }
    }

    /// Records a taken day (once: a second run of the same day finds it).
    pub async fn put_mrr_day(&self, day: &MrrDay) -> StoreResult<bool> {
        match self.store.insert(&c::MRR_DAYS, to_doc(day)?).await {
            Ok(()) => Ok(true),
            Err(StoreError::Duplicate { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The newest `limit` days taken, newest first.
    pub async fn mrr_days(&self, limit: usize) -> StoreResult<Vec<MrrDay>> {
        let docs = self.store.find(&c::MRR_DAYS, &[], None, limit).await?;
        docs.into_iter().map(from_doc).collect()
    }

    pub async fn payout(&self, id: &str) -> StoreResult<Option<Payout>> {
        self.by_id(&c::PAYOUTS, id).await
    }

    /// Writes a payout: inserted at version 1, or over the version read.
    pub async fn put_payout(&self, payout: &Payout) -> StoreResult<()> {
        if payout.version <= 1 {
            self.store.insert(&c::PAYOUTS, to_doc(payout)?).await
        } else {
            self.save(&c::PAYOUTS, payout, payout.version).await
        }
    }

    /// Payouts of one month, or of one partner, or both.
    pub async fn payouts(
        &self,
        month: Option<&str>,
        partner_id: Option<&str>,
    ) -> StoreResult<Vec<Payout>> {
        let mut filters = Vec::new();
        if let Some(m) = month {
            filters.push(Filter::Eq("month", m.into()));
        }
        if let Some(p) = partner_id {
            filters.push(Filter::Eq("partner_id", p.into()));
        }
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = self
                .page::<Payout>(&c::PAYOUTS, &filters, after.as_deref(), 500)
                .await?;
            out.extend(page.items);
            match page.next {
                Some(n) => after = Some(n),
                None => return Ok(out),
            }
        }
    }
}
