//! The price catalog and the daily MRR snapshots (`domain::revenue`).
use super::{Repo, from_doc, to_doc};
use crate::domain::payouts::Payout;
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
