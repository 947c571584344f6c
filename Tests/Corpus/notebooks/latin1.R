# Databricks notebook source
print('café')
